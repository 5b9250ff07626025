// Starts a worker over the real parts (REST app, sink handler, embedded store) for the acceptance tests.
import { afterAll, beforeAll } from 'vitest';
import { startAepEmulator } from '../../../shared/aep-emulator/index.ts';
import { FAST_RETRY } from '../../../shared/mappings/local/index.ts';
import { type StartedWorker, startWorker, workerConfigFrom } from '../../../shared/worker/index.ts';
import { quiet, tempDir } from './support.ts';

/** A worker on 127.0.0.1:0 with its own data dir, allowed to send to the emulator on 127.0.0.1. */
export function testWorker(
  bootstrap: string,
  props: Record<string, string> = {},
  connectorFiles: string[] = [],
  warn: (message: string) => void = () => {},
): Promise<StartedWorker> {
  return startWorker({
    config: workerConfigFrom({
      'bootstrap.servers': bootstrap,
      listeners: 'http://127.0.0.1:0',
      'data.dir': tempDir('worker-data-'),
      'aep.allowed.hosts': '127.0.0.1',
      'progress.interval.ms': '0',
      'task.shutdown.graceful.timeout.ms': '2000',
      ...props,
    }),
    connectorFiles,
    logger: { ...quiet, warn },
    runtimeTuning: { retry: FAST_RETRY, limits: { reconnectDelayMs: 500 } },
  });
}

/**
 * A test file's AEP emulator and worker, started before its tests and closed after them. Read them through the
 * getters once the tests run.
 */
export function workerWithAep(bootstrap: string) {
  let aep: Awaited<ReturnType<typeof startAepEmulator>> | undefined;
  let worker: StartedWorker | undefined;
  beforeAll(async () => {
    aep = await startAepEmulator();
    worker = await testWorker(bootstrap);
  });
  afterAll(async () => {
    await worker?.close();
    await aep?.close();
  });
  return {
    get aep() {
      if (!aep) throw new Error('the AEP emulator starts in beforeAll');
      return aep;
    },
    get worker() {
      if (!worker) throw new Error('the worker starts in beforeAll');
      return worker;
    },
  };
}
