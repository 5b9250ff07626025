export { basicAuthFromFile } from './basic-auth.ts';
export {
  envOverrides,
  loadWorkerConfig,
  readProperties,
  type WorkerConfig,
  workerConfigDef,
  workerConfigFrom,
} from './config.ts';
export { EMBEDDED_TABLE, WorkerDefaults, WorkerKeys } from './constants.ts';
export { WorkerMetrics } from './metrics.ts';
export { type StartedWorker, type StartWorkerOptions, startWorker } from './worker.ts';
