// What a local task reports when delivery cannot go on, as Kafka Connect reports it: a failure retrying cannot heal
// turns the task FAILED at once with a trace naming the cause, the record and the setting to change; one that can heal
// is retried for errors.retry.timeout; metadata that is not there yet right after a create is retried quietly.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAepEmulator } from '../../../shared/aep-emulator/index.ts';
import { Kafka, logLevel } from '../../../shared/kafka/index.ts';
import type { StartedWorker } from '../../../shared/worker/index.ts';
import { testWorker } from './start-worker.ts';
import {
  createConnector,
  eventValue,
  idsOf,
  randomTopic,
  rest,
  sinkConfig,
  tempDir,
  until,
} from './support.ts';

const bootstrap = inject('kafkaBootstrap');
let aep: Awaited<ReturnType<typeof startAepEmulator>>;
let authenticated: Awaited<ReturnType<typeof startAepEmulator>>;
let worker: StartedWorker;

beforeAll(async () => {
  aep = await startAepEmulator({
    rejectMessage: (m) =>
      JSON.stringify(m).includes('"e-4000666"') ? '"header" field is mandatory' : undefined,
  });
  authenticated = await startAepEmulator({ auth: { clientId: 'client', clientSecret: 'secret' } });
  worker = await testWorker(bootstrap);
});
afterAll(async () => {
  await worker?.close();
  await aep?.close();
  await authenticated?.close();
});

/** Produces `values` in order to a new one-partition topic; strings are written as they are (not JSON-encoded). */
async function topicOf(values: ReadonlyArray<string | null>): Promise<string> {
  const topic = randomTopic();
  const kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await producer.send({ topic, messages: values.map((value) => ({ value })) });
  } finally {
    await Promise.all([admin.disconnect(), producer.disconnect()]);
  }
  return topic;
}

const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => eventValue(from + i));
/** Ids the emulator accepted in `[from, from + 100)`: each test has its own range. */
const delivered = (from: number) => idsOf(aep.messages).filter((id) => id >= from && id < from + 100);

async function task(name: string): Promise<{ state: string; trace?: string } | undefined> {
  return (await rest(worker.url, 'GET', `/connectors/${name}/status`)).body?.tasks?.[0];
}

async function create(config: Record<string, string>): Promise<string> {
  const name = `states-${randomUUID()}`;
  await createConnector(worker.url, name, config);
  return name;
}

async function committed(name: string): Promise<number | undefined> {
  const { body } = await rest(worker.url, 'GET', `/connectors/${name}/offsets`);
  return body?.offsets?.[0]?.offset?.kafka_offset;
}

describe('local task states', () => {
  it('fails the task on a record that cannot be converted under errors.tolerance=none; PATCH past it and resume recovers', async () => {
    const topic = await topicOf([...ids(4_000_000, 2), 'not json', ...ids(4_000_003, 2)]);
    const name = await create(sinkConfig(topic, aep.endpoint('states')));
    await until(async () => (await task(name))?.state === 'FAILED', 60_000, 'FAILED');
    const failed = await task(name);
    expect(failed?.trace).toContain(`at record ${topic}-0@2 (stage VALUE_CONVERTER)`);
    expect(failed?.trace).toContain(`PATCH /connectors/${name}/offsets`);
    expect(failed?.trace).toContain('errors.tolerance=all');
    expect(delivered(4_000_000)).toEqual([4_000_000, 4_000_001]);

    expect((await rest(worker.url, 'PUT', `/connectors/${name}/stop`)).status).toBe(204);
    await until(async () => (await committed(name)) === 2, 30_000, 'offset 2 committed');
    const patched = await rest(worker.url, 'PATCH', `/connectors/${name}/offsets`, {
      offsets: [{ partition: { kafka_topic: topic, kafka_partition: 0 }, offset: { kafka_offset: 3 } }],
    });
    expect(patched.status).toBe(200);
    expect((await rest(worker.url, 'PUT', `/connectors/${name}/resume`)).status).toBe(202);
    await until(() => delivered(4_000_000).length === 4, 60_000, 'the records after the bad one');
    expect(delivered(4_000_000)).toEqual([4_000_000, 4_000_001, 4_000_003, 4_000_004]);
    expect((await task(name))?.state).toBe('RUNNING');
  }, 120_000);

  it('fails the task on an AEP per-message 400 under errors.tolerance=none, naming the record and the reason', async () => {
    const topic = await topicOf(ids(4_000_664, 4));
    const name = await create(sinkConfig(topic, aep.endpoint('states')));
    await until(async () => (await task(name))?.state === 'FAILED', 60_000, 'FAILED');
    const { trace } = (await task(name)) ?? {};
    expect(trace).toContain(`at record ${topic}-0@2 (stage TASK_PUT)`);
    expect(trace).toContain('"header" field is mandatory');
    await until(async () => (await committed(name)) === 2, 30_000, 'the records before it committed');
  }, 60_000);

  it('fails the task on a transform error under errors.tolerance=none (stage TRANSFORMATION)', async () => {
    const topic = await topicOf([JSON.stringify({ when: 'not a date' })]);
    const name = await create(
      sinkConfig(topic, aep.endpoint('states'), {
        transforms: 'ts',
        'transforms.ts.type': 'org.apache.kafka.connect.transforms.TimestampConverter$Value',
        'transforms.ts.field': 'when',
        'transforms.ts.target.type': 'unix',
        'transforms.ts.format': 'yyyy-MM-dd',
      }),
    );
    await until(async () => (await task(name))?.state === 'FAILED', 60_000, 'FAILED');
    expect((await task(name))?.trace).toContain(`at record ${topic}-0@0 (stage TRANSFORMATION)`);
  }, 60_000);

  it('fails the task when IMS refuses the credentials, saying which settings to check', async () => {
    const topic = await topicOf(ids(4_000_100, 1));
    const name = await create(
      sinkConfig(topic, authenticated.endpoint('states'), {
        'aep.connection.auth.enabled': 'true',
        'aep.connection.auth.token.type': 'oauth2_access_token',
        'aep.connection.auth.client.id': 'client',
        'aep.connection.auth.client.secret': 'not the secret',
        'aep.connection.auth.endpoint': authenticated.imsEndpoint,
      }),
    );
    await until(async () => (await task(name))?.state === 'FAILED', 60_000, 'FAILED');
    const { trace } = (await task(name)) ?? {};
    expect(trace).toContain(`at record ${topic}-0@0`);
    expect(trace).toContain('aep.connection.auth.client.secret');
    expect(trace).not.toContain('not the secret');
    expect(idsOf(authenticated.messages)).toEqual([]);
  }, 60_000);

  it('fails the task after the first failed delivery when AEP stays unavailable (errors.retry.timeout=0)', async () => {
    const topic = await topicOf(ids(4_000_200, 3));
    aep.enqueue(...Array.from({ length: 3 }, () => ({ status: 503 })));
    const name = await create(sinkConfig(topic, aep.endpoint('states')));
    await until(async () => (await task(name))?.state === 'FAILED', 60_000, 'FAILED');
    const { trace } = (await task(name)) ?? {};
    expect(trace).toContain(`at record ${topic}-0@0`);
    expect(trace).toContain('errors.retry.timeout=0');
    // A restart of the failed task delivers, AEP being back.
    await rest(worker.url, 'POST', `/connectors/${name}/restart?includeTasks=true&onlyFailed=true`);
    await until(() => delivered(4_000_200).length === 3, 60_000, 'delivered after the restart');
    expect((await task(name))?.state).toBe('RUNNING');
  }, 90_000);

  it('retries AEP being unavailable for errors.retry.timeout and delivers once it is back, staying RUNNING', async () => {
    const topic = await topicOf(ids(4_000_300, 3));
    aep.enqueue(...Array.from({ length: 7 }, () => ({ status: 503 })));
    const name = await create(sinkConfig(topic, aep.endpoint('states'), { 'errors.retry.timeout': '60000' }));
    const states = new Set<string>();
    await until(
      async () => {
        states.add((await task(name))?.state ?? '');
        return delivered(4_000_300).length === 3;
      },
      60_000,
      'delivered after the outage',
    );
    expect(states.has('FAILED')).toBe(false);
  }, 90_000);

  it('keeps a task created before its topic exists RUNNING while the topic is auto-created, with no trace', async () => {
    const topic = randomTopic();
    const name = await create(sinkConfig(topic, aep.endpoint('states')));
    const seen: Array<{ state: string; trace?: string }> = [];
    const watching = (async () => {
      for (let i = 0; i < 60 && delivered(4_000_400).length === 0; i++) {
        const t = await task(name);
        if (t) seen.push(t);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const producer = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    try {
      await producer.send({ topic, messages: [{ value: eventValue(4_000_400) }] });
    } finally {
      await producer.disconnect();
    }
    await until(() => delivered(4_000_400).length === 1, 60_000, 'delivered');
    await watching;
    expect(seen.filter((t) => t.state === 'FAILED' || t.trace)).toEqual([]);
    expect((await task(name))?.state).toBe('RUNNING');
  }, 90_000);
});

describe('a stored connector the worker allowlist refuses', () => {
  it('fails its task at start with a trace naming aep.allowed.hosts and CONNECT_AEP_ALLOWED_HOSTS', async () => {
    const dataDir = tempDir('allowlist-');
    const topic = await topicOf(ids(4_000_500, 1));
    const name = `allowed-${randomUUID()}`;
    const before = await testWorker(bootstrap, { 'data.dir': dataDir });
    try {
      await createConnector(
        before.url,
        name,
        sinkConfig(topic, aep.endpoint('states'), { 'esm.batch.size': '1' }),
      );
      await until(() => delivered(4_000_500).length === 1, 60_000, 'delivered while allowed');
    } finally {
      await before.close();
    }
    const after = await testWorker(bootstrap, { 'data.dir': dataDir, 'aep.allowed.hosts': '*.adobedc.net' });
    try {
      const kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING }).producer();
      await kafka.connect();
      await kafka.send({ topic, messages: [{ value: eventValue(4_000_501) }] });
      await kafka.disconnect();
      const status = async () =>
        (await rest(after.url, 'GET', `/connectors/${name}/status`)).body?.tasks?.[0];
      await until(async () => (await status())?.state === 'FAILED', 60_000, 'FAILED');
      const { trace } = (await status()) ?? {};
      expect(trace).toContain('aep.allowed.hosts');
      expect(trace).toContain('CONNECT_AEP_ALLOWED_HOSTS');
      expect(trace).toContain(`at record ${topic}-0@1`);
      expect(delivered(4_000_500)).toEqual([4_000_500]);
    } finally {
      await after.close();
    }
  }, 120_000);
});
