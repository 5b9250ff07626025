// The one Lambda context fixture the tests share (the local worker builds the same one).
import type { Context } from 'aws-lambda';
import { createLambdaContext } from '../../shared/mappings/local/index.ts';

/** The ARN tests invoke the sink as: the function plus a connector alias. */
export const TEST_FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:aep-sink:test-connector';

/**
 * A fresh Lambda context whose remaining time counts down from `timeoutMs` (default 60 s).
 *
 * @example
 * await handler(event, lambdaContext({ timeoutMs: 5_000 }));
 */
export function lambdaContext(options: { timeoutMs?: number; invokedFunctionArn?: string } = {}): Context {
  return createLambdaContext({
    functionName: 'aep-sink',
    invokedFunctionArn: options.invokedFunctionArn ?? TEST_FUNCTION_ARN,
    timeoutMs: options.timeoutMs ?? 60_000,
  });
}
