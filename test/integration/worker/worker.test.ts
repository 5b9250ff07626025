// Acceptance of the local worker over the real broker, the real REST app and sink handler, the embedded store and
// the AEP emulator: what a Kafka Connect user does with a worker on :8083.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { Kafka, logLevel } from '../../../shared/kafka/index.ts';
import { testWorker, workerWithAep } from './start-worker.ts';
import { createConnector, idsOf, produce, randomTopic, rest, sinkConfig, tempDir, until } from './support.ts';

const bootstrap = inject('kafkaBootstrap');
const hosts = workerWithAep(bootstrap);

/**
 * Ids the emulator accepted in `[from, from + 10,000)`, in acceptance order. Each test produces its own id range,
 * so tests sharing the emulator never see each other's records.
 */
function delivered(from: number): number[] {
  return idsOf(hosts.aep.messages).filter((id) => id >= from && id < from + 10_000);
}

async function state(name: string): Promise<string | undefined> {
  return (await rest(hosts.worker.url, 'GET', `/connectors/${name}/status`)).body?.connector?.state;
}
async function taskStates(name: string): Promise<string[]> {
  return ((await rest(hosts.worker.url, 'GET', `/connectors/${name}/status`)).body?.tasks ?? []).map(
    (t: { state: string }) => t.state,
  );
}

/** A new topic with `count` records (ids from `from`) over `partitions`, and connector `name` delivering it. */
async function connectorOnNewTopic(
  name: string,
  count: number,
  partitions: number,
  from: number,
  extra: Record<string, string> = {},
): Promise<string> {
  const topic = randomTopic();
  await produce(bootstrap, topic, count, partitions, from);
  await createConnector(hosts.worker.url, name, sinkConfig(topic, hosts.aep.endpoint(name), extra));
  return topic;
}

describe('local worker', () => {
  it('delivers 10,000 records from a 3-partition topic, each once, in per-partition order', async () => {
    const tenK = `ten-k-${randomUUID()}`;
    await connectorOnNewTopic(tenK, 10_000, 3, 0, { 'esm.batch.size': '500' });
    await until(() => new Set(delivered(0)).size === 10_000, 120_000, 'all 10,000 delivered');
    const ids = delivered(0);
    expect(new Set(ids).size).toBe(10_000);
    for (const p of [0, 1, 2]) {
      const first = ids.filter((id) => id % 3 === p).filter((id, i, all) => all.indexOf(id) === i);
      expect(first).toEqual([...first].sort((a, b) => a - b));
    }
    expect(await taskStates(tenK)).toEqual(['RUNNING']);
    const metrics = await (await fetch(`${hosts.worker.url}/metrics`)).text();
    expect(metrics).toContain(`aep_sink_records_delivered_total{connector="${tenK}"} 10000`);
  }, 180_000);

  it('delivers nothing while paused and everything after resume', async () => {
    const pausing = `pausing-${randomUUID()}`;
    const topic = await connectorOnNewTopic(pausing, 100, 3, 20_000);
    await until(() => delivered(20_000).length >= 100, 60_000, 'first 100');
    expect((await rest(hosts.worker.url, 'PUT', `/connectors/${pausing}/pause`)).status).toBe(202);
    await until(
      async () => (await state(pausing)) === 'PAUSED' && (await taskStates(pausing))[0] === 'PAUSED',
    );
    const before = delivered(20_000).length;
    await produce(bootstrap, topic, 200, 3, 20_100);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(delivered(20_000).length).toBe(before);
    expect((await rest(hosts.worker.url, 'PUT', `/connectors/${pausing}/resume`)).status).toBe(202);
    await until(() => new Set(delivered(20_000)).size === 300, 60_000, 'all 300 after resume');
  }, 120_000);

  it('shows committed offsets when stopped, re-delivers from patched offsets on resume', async () => {
    const offsets = `offsets-${randomUUID()}`;
    const topic = await connectorOnNewTopic(offsets, 30, 3, 30_000);
    await until(() => new Set(delivered(30_000)).size === 30, 60_000, '30 delivered');
    expect((await rest(hosts.worker.url, 'PUT', `/connectors/${offsets}/stop`)).status).toBe(204);
    await until(async () => (await state(offsets)) === 'STOPPED');
    await until(async () => {
      const { body } = await rest(hosts.worker.url, 'GET', `/connectors/${offsets}/offsets`);
      return (
        body.offsets.length === 3 &&
        body.offsets.every((o: { offset: { kafka_offset: number } }) => o.offset.kafka_offset === 10)
      );
    });
    const patch = await rest(hosts.worker.url, 'PATCH', `/connectors/${offsets}/offsets`, {
      offsets: [{ partition: { kafka_topic: topic, kafka_partition: 1 }, offset: { kafka_offset: 5 } }],
    });
    expect(patch.status).toBe(200);
    const countBefore = delivered(30_000).length;
    expect((await rest(hosts.worker.url, 'PUT', `/connectors/${offsets}/resume`)).status).toBe(202);
    // partition 1 holds ids 30001, 30004, …; offsets 5..9 are ids 30016, 30019, 30022, 30025, 30028
    await until(() => delivered(30_000).length === countBefore + 5, 60_000, 're-delivery of 5 records');
    expect(delivered(30_000).slice(countBefore)).toEqual([30016, 30019, 30022, 30025, 30028]);
  }, 120_000);

  it('stops consuming and forgets the connector on delete', async () => {
    const deleting = `deleting-${randomUUID()}`;
    const topic = await connectorOnNewTopic(deleting, 10, 1, 40_000);
    await until(() => delivered(40_000).length === 10);
    expect((await rest(hosts.worker.url, 'DELETE', `/connectors/${deleting}`)).status).toBe(204);
    expect((await rest(hosts.worker.url, 'GET', `/connectors/${deleting}`)).status).toBe(404);
    await produce(bootstrap, topic, 10, 1, 40_010);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(delivered(40_000).length).toBe(10);
    expect((await rest(hosts.worker.url, 'GET', '/connectors')).body).not.toContain(deleting);
  }, 60_000);

  it('runs a connector given as a .properties file like one created through REST', async () => {
    const fromFile = `from-file-${randomUUID()}`;
    const topic = randomTopic();
    await produce(bootstrap, topic, 50, 2, 50_000);
    const file = join(tempDir('connector-file-'), 'from-file.properties');
    writeFileSync(
      file,
      `${Object.entries({ name: fromFile, ...sinkConfig(topic, hosts.aep.endpoint(fromFile)) })
        .map(([k, v]) => `${k}=${v}`)
        .join('\n')}\n`,
    );
    const standalone = await testWorker(bootstrap, {}, [file]);
    try {
      await until(() => new Set(delivered(50_000)).size === 50, 60_000, 'file connector delivers');
      const info = await rest(standalone.url, 'GET', `/connectors/${fromFile}`);
      expect(info.body.config).toEqual({
        name: fromFile,
        ...sinkConfig(topic, hosts.aep.endpoint(fromFile)),
      });
      expect((await rest(standalone.url, 'PUT', `/connectors/${fromFile}/pause`)).status).toBe(202);
      await until(
        async () =>
          (await rest(standalone.url, 'GET', `/connectors/${fromFile}/status`)).body.connector.state ===
          'PAUSED',
      );
    } finally {
      await standalone.close();
    }
  }, 90_000);

  it('keeps serving the REST API without a broker and says how to start one', async () => {
    const lines: string[] = [];
    const lonely = await testWorker('127.0.0.1:1', {}, [], (m) => lines.push(m));
    try {
      expect((await rest(lonely.url, 'GET', '/')).status).toBe(200);
      expect(lines.join('\n')).toContain('bash scripts/kafka.sh start');
      const name = `no-broker-${randomUUID()}`;
      await createConnector(lonely.url, name, sinkConfig('orders', hosts.aep.endpoint(name)));
      await until(async () => {
        const { body } = await rest(lonely.url, 'GET', `/connectors/${name}/status`);
        return (
          body.tasks[0]?.state === 'FAILED' && body.tasks[0].trace.includes('bash scripts/kafka.sh start')
        );
      }, 30_000);
    } finally {
      await lonely.close();
    }
  }, 60_000);

  it('asks for basic auth on every path, /metrics included, when a credentials file is set', async () => {
    const users = join(tempDir('users-'), 'users.properties');
    writeFileSync(users, 'admin: s3cret\n');
    const guarded = await testWorker(bootstrap, { 'rest.basic.auth.credentials.file': users });
    try {
      for (const path of ['/', '/connectors', '/metrics']) {
        expect((await fetch(`${guarded.url}${path}`)).status).toBe(401);
        const ok = await fetch(`${guarded.url}${path}`, {
          headers: { authorization: `Basic ${Buffer.from('admin:s3cret').toString('base64')}` },
        });
        expect(ok.status).toBe(200);
      }
    } finally {
      await guarded.close();
    }
  });

  it("reports the broker's cluster id and the Connect release it follows on GET /", async () => {
    const admin = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const { clusterId } = await admin.describeCluster().finally(() => admin.disconnect());
    expect((await rest(hosts.worker.url, 'GET', '/')).body).toEqual({
      version: '4.1.1',
      commit: expect.stringMatching(/^aep-streaming-sink@/),
      kafka_cluster_id: clusterId,
    });
  });

  it('refuses a listener whose port is taken, naming the setting to change', async () => {
    await expect(testWorker(bootstrap, { listeners: hosts.worker.url })).rejects.toThrow(
      `Cannot listen on ${hosts.worker.url}: the port is in use by another process (another worker?). Stop it, or set listeners (CONNECT_LISTENERS=http://127.0.0.1:<free port>) to another port`,
    );
  });

  it('refuses an SQS dead letter queue with a 400 naming the key (dead letters go to Kafka only here)', async () => {
    const queue = 'https://sqs.eu-west-1.amazonaws.com/123456789012/aep-dlq';
    const config = sinkConfig(randomTopic(), hosts.aep.endpoint('sqs'), {
      'errors.tolerance': 'all',
      'errors.deadletterqueue.sqs.queue.url': queue,
    });
    const created = await rest(hosts.worker.url, 'POST', '/connectors', {
      name: `sqs-${randomUUID()}`,
      config,
    });
    expect(created.status).toBe(400);
    expect(created.body.message).toContain(
      `Invalid value ${queue} for configuration errors.deadletterqueue.sqs.queue.url: the local worker writes dead letters to Kafka only`,
    );
    const validated = await rest(hosts.worker.url, 'PUT', '/connector-plugins/AEPSink/config/validate', {
      ...config,
      name: 'sqs',
    });
    const entry = validated.body.configs.find(
      (c: { value: { name: string } }) => c.value.name === 'errors.deadletterqueue.sqs.queue.url',
    );
    expect(entry.value.errors).toHaveLength(1);
  });

  it('warns at start about a stored connector its allowlist refuses, naming the setting to change', async () => {
    const dataDir = tempDir('allowlist-');
    const name = `narrowed-${randomUUID()}`;
    const wide = await testWorker(bootstrap, { 'data.dir': dataDir });
    try {
      const config = sinkConfig(randomTopic(), hosts.aep.endpoint(name));
      await createConnector(wide.url, name, config);
    } finally {
      await wide.close();
    }
    const warnings: string[] = [];
    const narrow = await testWorker(
      bootstrap,
      { 'data.dir': dataDir, 'aep.allowed.hosts': '*.adobedc.net' },
      [],
      (m) => warnings.push(m),
    );
    try {
      const warning = warnings.find((w) => w.startsWith(`Connector ${name} `));
      expect(warning).toContain("host 127.0.0.1 is not in the deployment's allowed hosts");
      expect(warning).toContain('aep.allowed.hosts (CONNECT_AEP_ALLOWED_HOSTS)');
    } finally {
      await narrow.close();
    }
  });

  it('refuses aep.allowed.hosts in a connector config with a 400 naming it', async () => {
    const config = sinkConfig(randomTopic(), hosts.aep.endpoint('c'), { 'aep.allowed.hosts': 'evil.test' });
    const created = await rest(hosts.worker.url, 'POST', '/connectors', {
      name: `wide-${randomUUID()}`,
      config,
    });
    expect(created.status).toBe(400);
    expect(created.body.message).toContain(
      'Invalid value evil.test for configuration aep.allowed.hosts: is a deployment setting, not a connector key',
    );
  });

  it('serves a metrics series per connector from its creation, with failures, retries and the last error time', async () => {
    const name = `metered-${randomUUID()}`;
    const topic = randomTopic();
    const series = async () => {
      const text = await (await fetch(`${hosts.worker.url}/metrics`)).text();
      const value = (metric: string) =>
        Number(new RegExp(`^${metric}\\{connector="${name}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
      return {
        delivered: value('aep_sink_records_delivered_total'),
        failed: value('aep_sink_invocations_failed_total'),
        retries: value('aep_sink_retries_total'),
        lag: value('aep_sink_consumer_lag'),
        lastError: value('aep_sink_last_error_timestamp_seconds'),
      };
    };
    const config = sinkConfig(topic, hosts.aep.endpoint(name), {
      'aep.connection.maxRetries': '1',
      'errors.retry.timeout': '60000',
    });
    await createConnector(hosts.worker.url, name, config);
    // Before any record: every series is there, at zero.
    expect(await series()).toEqual({ delivered: 0, failed: 0, retries: 0, lag: 0, lastError: 0 });
    const before = Math.floor(Date.now() / 1000);
    hosts.aep.enqueue({ status: 503 }, { status: 503 });
    await produce(bootstrap, topic, 5, 1, 800_000);
    await until(async () => (await series()).delivered === 5, 60_000, 'delivered after two failures');
    const after = await series();
    expect(after.failed).toBe(2);
    expect(after.retries).toBe(2);
    expect(after.lastError).toBeGreaterThanOrEqual(before);
  });
});
