// The worker as a user runs it: `npm start` on a fresh data dir, a SIGKILL mid-stream and a restart (at least once,
// nothing lost), and a graceful SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAepEmulator } from '../../../shared/aep-emulator/index.ts';
import { idsOf, produce, randomTopic, rest, sinkConfig, tempDir, until } from './support.ts';

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

  it('loses no record when killed with SIGKILL mid-stream and restarted (duplicates allowed)', async () => {
    const topic = randomTopic();
    const total = 3_000;
    await produce(bootstrap, topic, total, 3, 100_000);
    // Slow AEP down so the kill lands mid-stream.
    aep.enqueue(...Array.from({ length: 400 }, () => ({ delayMs: 25 })));
    const dataDir = tempDir('killed-');
    const first = await run(process.execPath, ['shared/worker/main.ts'], workerEnv(dataDir));
    const created = await rest(first.url, 'POST', '/connectors', {
      name: `killed-${randomUUID()}`,
      config: sinkConfig(topic, aep.endpoint('killed'), { 'esm.batch.size': '20' }),
    });
    expect(created.status).toBe(201);
    const ours = () => idsOf(aep.messages).filter((id) => id >= 100_000 && id < 100_000 + total);
    await until(() => ours().length >= 300, 60_000, 'first deliveries');
    process.kill(-(first.child.pid as number), 'SIGKILL');
    await first.exited;
    const atKill = new Set(ours()).size;
    expect(atKill).toBeLessThan(total);

    const second = await run(process.execPath, ['shared/worker/main.ts'], workerEnv(dataDir));
    await until(() => new Set(ours()).size === total, 120_000, 'every record after restart');
    const ids = ours();
    const duplicates = ids.length - new Set(ids).size;
    console.log(`SIGKILL after ${atKill} records: ${total} delivered, ${duplicates} duplicate(s), none lost`);
    expect(new Set(ids).size).toBe(total);
    process.kill(-(second.child.pid as number), 'SIGTERM');
    expect(await second.exited).toBe(0);
  }, 240_000);
});
