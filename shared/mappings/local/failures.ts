// What the local runtime does with a batch whose invocation failed, and what a FAILED task shows. Two rule sets:
// an ESM's, when the connector sets its retry controls (esm.maximum.retry.attempts, esm.maximum.record.age.seconds,
// esm.on.failure.destination: AWS docs "Kafka event source mapping retry configurations"), and otherwise Connect's
// (WorkerSinkTask, RetryWithToleranceOperator): a failure retrying cannot heal fails the task at once, one that can
// heal is retried for errors.retry.timeout (default 0: not at all) with backoff up to errors.retry.delay.max.ms, then
// fails the task. A FAILED task's trace names the cause, the record and the setting to change.
import { AepKeys } from '../../aep/constants.ts';
import { FrameworkKeys } from '../../connector/index.ts';
import { failureCause } from '../../sink/failure-cause.ts';
import type { PartitionFailure } from '../../sink/types.ts';
import { LocalMappingError, traceOf } from './errors.ts';
import { type RetrySettings, retriesExhausted, retryDelay } from './invocation.ts';

/** The settings failures are handled with. */
export interface FailureSettings extends RetrySettings {
  /** Whether the connector set an ESM retry control: then the ESM's rules apply instead of Connect's. */
  readonly esmRetries: boolean;
  /** `errors.retry.timeout`: how long a failure that can heal is retried, ms; -1 for ever. */
  readonly retryTimeoutMs: number;
  /** `errors.retry.delay.max.ms`. */
  readonly retryMaxDelayMs: number;
}

/** One failed attempt of a batch part. */
export interface FailedAttempt {
  /** Can delivering the same records again succeed without anyone changing anything? */
  readonly healable: boolean;
  /** Failed attempts so far, this one included. */
  readonly attempt: number;
  /** When this part first failed (ms). */
  readonly failingSince: number;
  readonly records: readonly { readonly timestamp: number }[];
}

/**
 * `retry` after `delayMs`; `give-up` (the ESM's on-failure destination, or discard); `fail` the task.
 *
 * @example
 * const verdict: Verdict = { action: 'retry', delayMs: 300 };
 */
export type Verdict =
  | { readonly action: 'retry'; readonly delayMs: number }
  | { readonly action: 'give-up' }
  | { readonly action: 'fail' };

/**
 * What to do after a failed attempt.
 *
 * @example
 * decide(settings, { healable: true, attempt: 1, failingSince: Date.now(), records }, { initialDelayMs: 300, maxDelayMs: 30_000 });
 */
export function decide(
  settings: FailureSettings,
  failed: FailedAttempt,
  backoff: { readonly initialDelayMs: number; readonly maxDelayMs: number },
  now = Date.now(),
  random: () => number = Math.random,
): Verdict {
  if (settings.esmRetries) {
    if (!failed.healable || retriesExhausted(settings, failed.attempt, failed.records, now)) {
      return { action: 'give-up' };
    }
    return { action: 'retry', delayMs: retryDelay(backoff, failed.attempt) };
  }
  if (!failed.healable) return { action: 'fail' };
  const { retryTimeoutMs, retryMaxDelayMs } = settings;
  const left = retryTimeoutMs < 0 ? Number.POSITIVE_INFINITY : failed.failingSince + retryTimeoutMs - now;
  if (left <= 0) return { action: 'fail' };
  // RetryWithToleranceOperator: the delay doubles; past errors.retry.delay.max.ms it is random below it.
  let delayMs = backoff.initialDelayMs * 2 ** (failed.attempt - 1);
  if (delayMs > retryMaxDelayMs) delayMs = Math.floor(random() * retryMaxDelayMs);
  return { action: 'retry', delayMs: Math.min(delayMs, left) };
}

/**
 * The task failed and stays FAILED until it is restarted. The message says why, at which record, and what to change;
 * the cause is the error the sink (or the runtime) reported.
 *
 * @example
 * task.fail(TaskFailedError.from(failure, { connector: 'aep', task: 0, retryTimeoutMs: 0, failingForMs: 0 }));
 */
export class TaskFailedError extends LocalMappingError {
  override readonly name = 'TaskFailedError';

  constructor(message: string, cause: unknown) {
    super(message, false, { cause });
  }

  /** The failure of one partition, as the sink reported it (or as the runtime saw it: `record` is then unknown). */
  static from(
    failure: {
      readonly error: Error;
      readonly healable: boolean;
      readonly stage?: PartitionFailure['stage'];
      readonly record?: { readonly topic: string; readonly partition: number; readonly offset: number };
    },
    context: {
      readonly connector: string;
      readonly task: number;
      readonly retryTimeoutMs: number;
      readonly failingForMs: number;
    },
  ): TaskFailedError {
    const { record, stage, error } = failure;
    const where = record
      ? ` at record ${record.topic}-${record.partition}@${record.offset}${stage ? ` (stage ${stage})` : ''}`
      : '';
    const message = `Task ${context.connector}-${context.task} failed${where}: ${error.message}\nTo recover: ${recoveryHint(failure, context)}`;
    return new TaskFailedError(message, error);
  }

  /** The `trace` of the FAILED task: this error, then its cause's stack. */
  get trace(): string {
    return `${traceOf(this)}\nCaused by: ${traceOf(this.cause)}`;
  }
}

/** What to change so the task can go on, by cause. */
function recoveryHint(
  failure: Parameters<typeof TaskFailedError.from>[0],
  context: Parameters<typeof TaskFailedError.from>[1],
): string {
  const { connector, task, retryTimeoutMs, failingForMs } = context;
  const restart = `restart the task (POST /connectors/${connector}/tasks/${task}/restart)`;
  if (failure.healable) {
    return `the failure can pass (AEP or IMS unavailable, throttling, network), but the task already retried for ${failingForMs} ms and ${FrameworkKeys.ERRORS_RETRY_TIMEOUT}=${retryTimeoutMs} allows no more. Raise ${FrameworkKeys.ERRORS_RETRY_TIMEOUT} (-1 retries for ever) and ${restart}.`;
  }
  switch (failureCause(failure)) {
    case 'allowlist':
      return `the worker's allowlist refuses the endpoint: add its host to the worker's aep.allowed.hosts (CONNECT_AEP_ALLOWED_HOSTS) and restart the worker, or point ${AepKeys.ENDPOINT} at an allowed host (PUT /connectors/${connector}/config).`;
    case 'config':
      return `fix the connector's config (PUT /connectors/${connector}/config); its tasks start again with it.`;
    case 'credentials':
      return `AEP refused the credentials after a token refresh: check ${AepKeys.AUTH_CLIENT_ID}, ${AepKeys.AUTH_CLIENT_SECRET} and ${AepKeys.AUTH_SCOPE} (or ${AepKeys.AUTH_TOKEN}) and the inlet's authentication, then ${restart}.`;
    case 'inlet':
      return `AEP does not know the inlet: check ${AepKeys.ENDPOINT} (PUT /connectors/${connector}/config).`;
    case 'record': {
      const record = failure.record;
      const skip = record
        ? ` To skip it, stop the connector (PUT /connectors/${connector}/stop), move its offset past it (PATCH /connectors/${connector}/offsets {"offsets":[{"partition":{"kafka_topic":"${record.topic}","kafka_partition":${record.partition}},"offset":{"kafka_offset":${record.offset + 1}}}]}) and resume it (PUT /connectors/${connector}/resume).`
        : '';
      return `the record cannot be delivered as it is: fix the data or the config and ${restart}, or let such records go to a dead letter queue (${FrameworkKeys.ERRORS_TOLERANCE}=all with ${FrameworkKeys.DLQ_TOPIC_NAME}).${skip}`;
    }
  }
}
