export {
  type DeadLetterSettings,
  parseSinkSettings,
  type SinkSettings,
  sinkDefinition,
  validateSinkSettings,
} from './config.ts';
export {
  parseConnectorJson,
  readConnectorConfigFile,
  StaticConfigSource,
  type StaticConfigSourceOptions,
} from './config-source.ts';
export { DeadlineMargin, NullValueBehavior, SinkEnv, SinkKeys } from './constants.ts';
export { AepRejectionError, DeliveryRetryError, ToleranceExceededError } from './errors.ts';
export {
  createSinkHandler,
  deliveryMargin,
  type InvocationContext,
  type SinkHandler,
  type SinkHandlerDeps,
} from './handler.ts';
export { aepMessage } from './message.ts';
export { type EmfMetrics, powertoolsSinkMetrics, SinkMetricNames } from './metrics.ts';
export { redactConfig } from './redact.ts';
export { createSinkTask } from './task.ts';
export type * from './types.ts';
