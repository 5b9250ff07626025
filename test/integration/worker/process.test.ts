// The worker as a user runs it: `npm start` on a fresh data dir, SIGKILLs mid-backlog and restarts (nothing lost,
// duplicates only of what was in flight at each kill), and a SIGTERM restart (no duplicates at all).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAepEmulator } from '../../../shared/aep-emulator/index.ts';
import { Kafka, logLevel } from '../../../shared/kafka/index.ts';
import { createConnector, idsOf, produce, randomTopic, rest, sinkConfig, tempDir, until } from './support.ts';

const bootstrap = inject('kafkaBootstrap');
const root = fileURLToPath(new URL('../../../', import.meta.url));
let aep: Awaited<ReturnType<typeof startAepEmulator>>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  aep = await startAepEmulator();
});
afterAll(async () => {
  await aep?.close();
});
afterEach(() => {
  // Every child runs in its own process group (detached), so npm and the node it starts end together.
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null && child.pid)
      process.kill(-child.pid, 'SIGKILL');
  }
});

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

/** Starts `command` in its own process group and waits for the worker's "REST API on <url>" line. */
async function run(command: string, args: string[], env: Record<string, string>): Promise<Running> {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, detached: true });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await until(
    () => /REST API on (http:\/\/\S+)/.test(output) || child.exitCode !== null,
    60_000,
    'worker start',
  );
  const url = /REST API on (http:\/\/\S+)/.exec(output)?.[1];
  if (!url) throw new Error(`worker did not start:\n${output}`);
  return { child, url, output: () => output, exited };
}

/**
 * A new topic with `total` records (ids from `from`) over 3 partitions, and an AEP emulator that takes 15 ms per
 * request; `ours()` lists the ids of that backlog the emulator accepted, in acceptance order.
 */
async function backlogForSlowAep(total: number, from: number) {
  const topic = randomTopic();
  await produce(bootstrap, topic, total, 3, from);
  const slow = await startAepEmulator({ latencyMs: 15 });
  const ours = () =>
    idsOf(slow.messages.map((m) => m.message)).filter((id) => id >= from && id < from + total);
  return { topic, slow, ours };
}

const workerEnv = (dataDir: string) => ({
  CONNECT_BOOTSTRAP_SERVERS: bootstrap,
  CONNECT_LISTENERS: 'http://127.0.0.1:0',
  CONNECT_DATA_DIR: dataDir,
  CONNECT_AEP_ALLOWED_HOSTS: '127.0.0.1',
  // The killed worker's consumer stays in the group until its session times out (the broker's minimum here).
  CONNECT_CONSUMER_SESSION_TIMEOUT_MS: '6000',
  CONNECT_CONSUMER_HEARTBEAT_INTERVAL_MS: '1000',
});

describe('worker process', () => {
  it('npm start with no arguments serves the REST API on a fresh data dir and stops cleanly on SIGTERM', async () => {
    const worker = await run('npm', ['start'], workerEnv(tempDir('fresh-')));
    const root = await rest(worker.url, 'GET', '/');
    expect(root.status).toBe(200);
    expect(root.body).toHaveProperty('version');
    const plugins = await rest(worker.url, 'GET', '/connector-plugins');
    expect(plugins.status).toBe(200);
    expect(plugins.body).toContainEqual(
      expect.objectContaining({
        class: 'com.adobe.platform.streaming.sink.impl.AEPSinkConnector',
        type: 'sink',
      }),
    );
    expect((await rest(worker.url, 'GET', '/connectors')).body).toEqual([]);
    // SIGTERM to the group reaches npm and the worker; npm dies of the signal, the worker shuts down cleanly.
    process.kill(-(worker.child.pid as number), 'SIGTERM');
    await worker.exited;
    await until(() => worker.output().includes('[worker] stopped'), 10_000, 'graceful shutdown');
  }, 90_000);

  it('loses nothing over several SIGKILLs mid-backlog; what each kill duplicates was in flight at the kill', async () => {
    const total = 30_000;
    const from = 300_000;
    // Small requests that take a while, so every kill lands with requests in flight.
    const { topic, slow, ours } = await backlogForSlowAep(total, from);
    const admin = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const name = `killed-${randomUUID()}`;
    const env = { ...workerEnv(tempDir('killed-')), CONNECT_LOG4J_ROOT_LOGLEVEL: 'DEBUG' };
    try {
      let worker = await run(process.execPath, ['shared/worker/main.ts'], env);
      await createConnector(
        worker.url,
        name,
        sinkConfig(topic, slow.endpoint('killed'), { 'aep.flush.bytes.kb': '4' }),
      );
      const kills: Array<{ marker: number; window: Map<number, [number, number]> }> = [];
      for (const share of [0.2, 0.45, 0.7]) {
        await until(() => new Set(ours()).size >= total * share, 120_000, `${share * 100} % delivered`);
        process.kill(-(worker.child.pid as number), 'SIGKILL');
        await worker.exited;
        await new Promise((r) => setTimeout(r, 500)); // requests AEP received before the kill are accepted
        // In flight at the kill: from the group's committed offset up to the last record the runtime logged as sent.
        const [group] = await admin.fetchOffsets({ groupId: `connect-${name}`, topics: [topic] });
        const sent = lastSent(worker.output(), topic);
        const window = new Map<number, [number, number]>();
        for (const { partition, offset } of group?.partitions ?? []) {
          window.set(partition, [Math.max(0, Number(offset)), (sent.get(partition) ?? -1) + 1]);
        }
        kills.push({ marker: ours().length, window });
        worker = await run(process.execPath, ['shared/worker/main.ts'], env);
      }
      await until(() => new Set(ours()).size === total, 180_000, 'every record after the last restart');
      const ids = ours();
      expect(new Set(ids).size).toBe(total);
      const report: string[] = [];
      for (const [k, { marker, window }] of kills.entries()) {
        const before = new Set(ids.slice(0, marker));
        const again = ids.slice(marker, kills[k + 1]?.marker ?? ids.length).filter((id) => before.has(id));
        const inFlight = [...window.values()].reduce((n, [lo, hi]) => n + Math.max(0, hi - lo), 0);
        report.push(`kill ${k + 1}: ${again.length} duplicate(s), ${inFlight} record(s) in flight`);
        expect(again.length).toBeLessThanOrEqual(inFlight);
        for (const id of again) {
          const [lo, hi] = window.get((id - from) % 3) ?? [0, 0];
          const offset = Math.floor((id - from) / 3);
          expect(
            offset >= lo && offset < hi,
            `record ${id} (offset ${offset}) duplicated outside [${lo}, ${hi})`,
          ).toBe(true);
        }
      }
      console.log(`${total} records, 3 SIGKILLs: ${report.join('; ')}`);
      process.kill(-(worker.child.pid as number), 'SIGTERM');
      expect(await worker.exited).toBe(0);
    } finally {
      await admin.disconnect();
      await slow.close();
    }
  }, 300_000);

  it('sends nothing twice when stopped with SIGTERM mid-backlog and started again', async () => {
    const total = 20_000;
    const from = 400_000;
    const { topic, slow, ours } = await backlogForSlowAep(total, from);
    const env = workerEnv(tempDir('restarted-'));
    try {
      const first = await run(process.execPath, ['shared/worker/main.ts'], env);
      await createConnector(
        first.url,
        `restarted-${randomUUID()}`,
        sinkConfig(topic, slow.endpoint('restarted'), { 'aep.flush.bytes.kb': '4' }),
      );
      await until(() => ours().length >= total * 0.3, 120_000, 'first deliveries');
      process.kill(-(first.child.pid as number), 'SIGTERM');
      expect(await first.exited).toBe(0);
      const atStop = ours().length;
      expect(atStop).toBeLessThan(total);
      const second = await run(process.execPath, ['shared/worker/main.ts'], env);
      await until(() => new Set(ours()).size === total, 120_000, 'every record after the restart');
      await new Promise((r) => setTimeout(r, 1_000));
      const ids = ours();
      console.log(
        `SIGTERM after ${atStop} of ${total} records: ${ids.length - new Set(ids).size} duplicate(s)`,
      );
      expect(ids.length).toBe(total);
      process.kill(-(second.child.pid as number), 'SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      await slow.close();
    }
  }, 240_000);

  it('keeps a paused connector PAUSED across a worker restart, delivering nothing until resumed', async () => {
    const topic = randomTopic();
    const from = 900_000;
    const env = workerEnv(tempDir('paused-restart-'));
    const name = `paused-${randomUUID()}`;
    const ours = () => idsOf(aep.messages.map((m) => m.message)).filter((id) => id >= from && id < from + 20);
    const states = async (url: string) => {
      const { body } = await rest(url, 'GET', `/connectors/${name}/status`);
      return [body?.connector?.state, ...(body?.tasks ?? []).map((t: { state: string }) => t.state)];
    };
    const first = await run(process.execPath, ['shared/worker/main.ts'], env);
    const config = sinkConfig(topic, aep.endpoint(name));
    await createConnector(first.url, name, config);
    await until(async () => (await states(first.url)).join() === 'RUNNING,RUNNING', 60_000, 'running');
    expect((await rest(first.url, 'PUT', `/connectors/${name}/pause`)).status).toBe(202);
    await until(async () => (await states(first.url)).join() === 'PAUSED,PAUSED', 60_000, 'paused');
    process.kill(-(first.child.pid as number), 'SIGTERM');
    expect(await first.exited).toBe(0);

    // The connector's target state is stored: the restarted worker brings it back PAUSED, not RUNNING.
    const second = await run(process.execPath, ['shared/worker/main.ts'], env);
    await produce(bootstrap, topic, 10, 1, from);
    await until(async () => (await states(second.url)).join() === 'PAUSED,PAUSED', 60_000, 'paused again');
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await states(second.url)).toEqual(['PAUSED', 'PAUSED']);
    expect(ours()).toEqual([]);
    expect((await rest(second.url, 'PUT', `/connectors/${name}/resume`)).status).toBe(202);
    await until(() => new Set(ours()).size === 10, 60_000, 'delivered after resume');
    process.kill(-(second.child.pid as number), 'SIGTERM');
    expect(await second.exited).toBe(0);
  }, 180_000);
});

/** The last offset of each partition of `topic` the runtime logged as sent to AEP (its DEBUG `sending` lines). */
function lastSent(output: string, topic: string): Map<number, number> {
  const last = new Map<number, number>();
  for (const line of output.split('\n')) {
    const m = /\] sending (\S+)-(\d+)@\.\.(\d+)$/.exec(line);
    if (!m || m[1] !== topic) continue;
    const partition = Number(m[2]);
    last.set(partition, Math.max(last.get(partition) ?? -1, Number(m[3])));
  }
  return last;
}
