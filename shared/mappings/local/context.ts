// The Lambda context object a function receives (AWS docs: "Using the Lambda context object to retrieve Node.js
// function information"), built for one local invocation.
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/**
 * What identifies the function being invoked.
 */
export interface FunctionIdentity {
  readonly functionName: string;
  /** The qualified ARN the mapping invokes: it carries the connector (alias) the batch belongs to. */
  readonly invokedFunctionArn: string;
  readonly timeoutMs: number;
  readonly memoryLimitInMB?: number;
}

/**
 * A fresh Lambda-like context: a new `awsRequestId`, and `getRemainingTimeInMillis()` counting down from the
 * function timeout starting now.
 *
 * @example
 * const context = createLambdaContext({ functionName: 'aep-sink-local', invokedFunctionArn, timeoutMs: 60_000 });
 * context.getRemainingTimeInMillis(); // ≈ 60000
 */
export function createLambdaContext(identity: FunctionIdentity): Context {
  const deadline = Date.now() + identity.timeoutMs;
  const date = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  const context: Context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: identity.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: identity.invokedFunctionArn,
    memoryLimitInMB: String(identity.memoryLimitInMB ?? 1024),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${identity.functionName}`,
    logStreamName: `${date}/[$LATEST]${randomUUID().replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
  return context;
}
