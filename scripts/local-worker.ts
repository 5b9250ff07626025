// The local worker as the scripts and benchmarks start it (npm run demo, scripts/connect-diff.ts, bench/e2e.ts): REST
// on a free 127.0.0.1 port, its state in a fresh temporary directory removed on close, and AEP endpoints on 127.0.0.1
// allowed (where the AEP emulator listens; the default allows Adobe's hosts only).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../shared/logging/index.ts';
import { type StartedWorker, startWorker, workerConfigFrom } from '../shared/worker/index.ts';

/** A worker started by {@link startScratchWorker}; `close` also removes its data directory. */
export interface ScratchWorker extends StartedWorker {
  /** The worker's `data.dir`, a fresh temporary directory. */
  readonly dataDir: string;
}

/**
 * Starts a local worker on `bootstrapServers`, with `config` (worker properties) over the scratch defaults.
 *
 * @example
 * const worker = await startScratchWorker({ name: 'demo', bootstrapServers: '127.0.0.1:9092', logger });
 */
export async function startScratchWorker(options: {
  /** Names the temporary data directory (`aep-sink-<name>-…`). */
  readonly name: string;
  readonly bootstrapServers: string;
  readonly config?: Readonly<Record<string, string>>;
  readonly logger: Logger;
}): Promise<ScratchWorker> {
  const dataDir = mkdtempSync(join(tmpdir(), `aep-sink-${options.name}-`));
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });
  try {
    const worker = await startWorker({
      config: workerConfigFrom({
        'bootstrap.servers': options.bootstrapServers,
        listeners: 'http://127.0.0.1:0',
        'data.dir': dataDir,
        'aep.allowed.hosts': '127.0.0.1',
        'progress.interval.ms': '0',
        ...options.config,
      }),
      logger: options.logger,
    });
    return {
      ...worker,
      dataDir,
      close: async () => {
        await worker.close();
        removeDataDir();
      },
    };
  } catch (error) {
    removeDataDir();
    throw error;
  }
}
