// How an event source mapping invokes its function and when it stops retrying a failed batch (AWS docs: "Kafka
// event source mapping retry configurations": MaximumRetryAttempts, MaximumRecordAgeInSeconds, 10 retries with an
// on-failure destination and infinite retries; a function that runs past its timeout has failed).
import type { KafkaBatchResponse, KafkaEvent } from '../../records/types.ts';
import { EsmDefaults } from './constants.ts';
import { createLambdaContext, type FunctionIdentity } from './context.ts';
import { InvocationError } from './errors.ts';
import type { EsmSettings, HostContext, SinkInvoker } from './types.ts';

/**
 * Invokes the sink with a fresh Lambda context (plus what the host adds); a throw, a rejection or a run past the
 * function timeout becomes an {@link InvocationError}.
 */
export async function invokeSink(
  invoke: SinkInvoker,
  event: KafkaEvent,
  identity: FunctionIdentity,
  connector: string,
  host: HostContext = {},
): Promise<KafkaBatchResponse | undefined> {
  const context = Object.assign(createLambdaContext(identity), host);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new InvocationError(
            connector,
            `Task timed out after ${(identity.timeoutMs / 1000).toFixed(2)} seconds`,
          ),
        ),
      identity.timeoutMs,
    );
  });
  try {
    return await Promise.race([invoke(event, context), timeout]);
  } catch (e) {
    if (e instanceof InvocationError) throw e;
    throw new InvocationError(connector, e instanceof Error ? e.message : String(e), { cause: e });
  } finally {
    clearTimeout(timer);
  }
}

/** The retry policy's settings. */
export type RetrySettings = Pick<
  EsmSettings,
  'maximumRetryAttempts' | 'maximumRecordAgeSeconds' | 'onFailureDestination'
>;

/**
 * Whether a batch part that failed `attempt` times (the first invocation is not a retry) gets no more retries:
 * past `esm.maximum.retry.attempts` (10 with infinite retries and a destination), or its oldest record is older than
 * `esm.maximum.record.age.seconds`.
 *
 * @example
 * retriesExhausted({ maximumRetryAttempts: 2, maximumRecordAgeSeconds: -1 }, 3, records); // true
 */
export function retriesExhausted(
  settings: RetrySettings,
  attempt: number,
  records: readonly { readonly timestamp: number }[],
  now = Date.now(),
): boolean {
  const maxRetries =
    settings.maximumRetryAttempts >= 0
      ? settings.maximumRetryAttempts
      : settings.onFailureDestination
        ? EsmDefaults.RETRIES_WITH_DESTINATION
        : Number.POSITIVE_INFINITY;
  if (attempt > maxRetries) return true;
  if (settings.maximumRecordAgeSeconds < 0) return false;
  const oldest = records[0]?.timestamp ?? now;
  return now - oldest > settings.maximumRecordAgeSeconds * 1000;
}

/**
 * The delay before retry `attempt`: doubling from `initialDelayMs`, at most `maxDelayMs`.
 *
 * @example
 * retryDelay({ initialDelayMs: 1_000, maxDelayMs: 30_000 }, 3); // 4000
 */
export function retryDelay(
  retry: { readonly initialDelayMs: number; readonly maxDelayMs: number },
  attempt: number,
): number {
  return Math.min(retry.maxDelayMs, retry.initialDelayMs * 2 ** (attempt - 1));
}
