export { DEFAULT_FUNCTION_VERSION, LAMBDA_TUNING, type LambdaTuning } from './constants.ts';
export { createRequest } from './requests.ts';
export { LambdaMappingRuntime, type LambdaMappingRuntimeOptions } from './runtime.ts';
export { mappingStatus, taskStatus } from './status.ts';
