export { EsmDefaults, FAST_RETRY, LocalDefaults, MAX_INVOCATION_PAYLOAD_BYTES, RETRY } from './constants.ts';
export { createLambdaContext, type FunctionIdentity } from './context.ts';
export {
  BrokerUnreachableError,
  InvocationError,
  LocalMappingError,
  RecordTooLargeError,
} from './errors.ts';
export { EventBuilder, type EventEnvelope, partitionKey, toEsmRecord } from './event.ts';
export { FailureHeaders } from './on-failure.ts';
export { LOCAL_FUNCTION_ARN, LocalMappingRuntime, type LocalMappingRuntimeOptions } from './runtime.ts';
export { esmSettingsFrom } from './settings.ts';
export type {
  EsmSettings,
  HostContext,
  MappingListener,
  OnFailureDestination,
  SinkInvoker,
} from './types.ts';
