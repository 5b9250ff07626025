export {
  AepEmulatorDefaults,
  DataType,
  EmulatorPaths,
  FailureStatusField,
  ImsErrors,
  MessageRejections,
  ProblemTypes,
} from './constants.ts';
export { AepEmulatorOptionsError } from './errors.ts';
export { startAepEmulator } from './server.ts';
export type {
  AcceptedMessage,
  AepEmulator,
  AepEmulatorAuth,
  AepEmulatorOptions,
  FailureStatusFieldName,
  Fault,
  InletDataType,
  JsonObject,
  RecordedRequest,
  RequestOutcome,
} from './types.ts';
