// Retry and wait tuning of the Lambda adapter in one place. There is no SDK waiter for event source mappings
// (the client ships waiters for functions only), so the adapter polls GetEventSourceMapping itself.

/**
 * How hard the adapter tries before giving up with a retriable error (a later `apply` finishes the job).
 * `maxAttempts` bounds every Lambda call (throttling, in-use, conflict, 5xx); `maxWaitMs` bounds each wait for an ESM
 * to settle or disappear and any `retryAfterSeconds` honoured. The defaults fit inside an API Gateway request.
 */
export const LAMBDA_TUNING = {
  maxAttempts: 6,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  pollIntervalMs: 1_000,
  maxWaitMs: 20_000,
} as const;
export type LambdaTuning = { readonly [K in keyof typeof LAMBDA_TUNING]: number };

/**
 * ESM states that end a change (`State`); any other state means Lambda is still working on it.
 */
export const SETTLED_STATES: readonly string[] = ['Enabled', 'Disabled'];

/**
 * `FunctionResponseTypes` value that turns on partial batch responses.
 */
export const REPORT_BATCH_ITEM_FAILURES = 'ReportBatchItemFailures';

/**
 * The version a connector alias points to unless the host configures one.
 *
 * @example
 * new LambdaMappingRuntime({ client, functionArn, functionVersion: '42' }); // instead of DEFAULT_FUNCTION_VERSION
 */
export const DEFAULT_FUNCTION_VERSION = '$LATEST';
