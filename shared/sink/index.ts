export {
  type DeadLetterSettings,
  parseSinkSettings,
  type SinkSettings,
  sinkDefinition,
  validateSinkSettings,
} from './config.ts';
export { CONFIG_TTL_MS, DeadlineMargin, NullValueBehavior, SinkEnv, SinkKeys } from './constants.ts';
export { kafkaDeadLetterQueue, kafkaOnlyDeadLetterCheck } from './dead-letter-queues.ts';
export {
  AepRejectionError,
  ConnectorIdentityError,
  ConnectorUnavailableError,
  DeliveryRetryError,
  ToleranceExceededError,
} from './errors.ts';
export {
  createSinkHandler,
  deliveryMargin,
  type InvocationContext,
  type SinkHandler,
  type SinkHandlerDeps,
} from './handler.ts';
export { aepMessage } from './message.ts';
export {
  type EmfMetrics,
  powertoolsConnectorSeries,
  powertoolsSinkMetrics,
  SINK_SERVICE_NAME_ENV,
  SinkMetricNames,
} from './metrics.ts';
export {
  FailureLimits,
  PartitionFailureRecorder,
  type PartitionFailureRecorderOptions,
  recoveryHint,
} from './partition-failures.ts';
export { configSecretsHider, redactConfig } from './redact.ts';
export { StaticConfigSource, type StaticConfigSourceOptions } from './static-config-source.ts';
export { StoreConfigSource, type StoreConfigSourceOptions } from './store-config-source.ts';
export { createSinkTask } from './task.ts';
export type * from './types.ts';
