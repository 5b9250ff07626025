export { type ConnectAppDeps, createConnectApp } from './app.ts';
export {
  AEP_SINK_TASK_CLASS,
  ConnectDefaults,
  HERDER_TUNING,
  LOG_LEVELS,
  Messages,
  REQUEST_LIMITS,
  ROOT_LOGGER,
} from './constants.ts';
export {
  ConnectApiEnv,
  type ConnectApiSettings,
  connectApiDefinition,
  connectApiSettings,
  isReconcileEvent,
  type OffsetsCluster,
  POWERTOOLS_LEVELS,
  RECONCILE_EVENT_SOURCE,
} from './environment.ts';
export { ConnectRestError, toRestError } from './errors.ts';
export { type ConnectorMetrics, type Created, Herder, type HerderOptions } from './herder.ts';
export type { HerderTuning, ReconcileReport } from './lifecycle.ts';
export { LoggerLevels, type LoggerLevelsOptions } from './loggers.ts';
export { allowedEndpointsCheck, defaultPluginRegistry } from './plugins.ts';
export { type FetchHandler, type ServedConnectApp, serveConnectApp } from './serve.ts';
export type * from './types.ts';
