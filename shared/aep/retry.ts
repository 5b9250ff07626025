// Retry policy of AEP and IMS requests: exponential backoff with full jitter ("Exponential Backoff And Jitter", AWS
// Architecture Blog), honouring `Retry-After` (RFC 9110 §10.2.3), bounded by attempts and by the deadline. AEP asks
// clients to retry 503 "at least 3 times using an exponential back-off strategy" (streaming ingestion status codes).
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * How a request is retried. The first three come from the connector's keys; `minAttemptMs` is ours only.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included (`aep.connection.maxRetries`, which counts attempts in Java too). */
  readonly maxAttempts: number;
  /** Base of the exponential backoff (`aep.connection.retryBackoff`). */
  readonly baseDelayMs: number;
  /** Cap of one backoff (`aep.connection.retryBackoffMax`); `Retry-After` may ask for more. */
  readonly maxDelayMs: number;
  /** An attempt is not started with less time than this before the deadline. */
  readonly minAttemptMs: number;
}

/**
 * The retry defaults, in one place: the Java connector's 3 attempts and 300 ms, and our cap and minimum attempt time.
 *
 * @example
 * backoffDelay(2, RETRY_DEFAULTS); // a random delay in [0, 600) ms
 */
export const RETRY_DEFAULTS: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 300,
  maxDelayMs: 10_000,
  minAttemptMs: 200,
};

/**
 * Millisecond delays for tests; the attempts still come from `aep.connection.maxRetries`.
 */
export const FAST_RETRY: RetryTiming = { baseDelayMs: 1, maxDelayMs: 20, minAttemptMs: 5 };

/**
 * The timing part of a {@link RetryPolicy}, which a sender's deps may override (attempts come from the config).
 */
export type RetryTiming = Omit<RetryPolicy, 'maxAttempts'>;

/**
 * The delay before attempt `attempt + 1` after `attempt` failed: full jitter, a random value in
 * `[0, min(maxDelayMs, baseDelayMs × 2^(attempt−1)))`.
 *
 * @example
 * backoffDelay(1, RETRY_DEFAULTS, () => 0.5); // 150
 */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Milliseconds a `Retry-After` header asks to wait: delay-seconds or an HTTP date. Undefined when absent or invalid.
 *
 * @example
 * parseRetryAfter('2');                               // 2000
 * parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', t); // the time until then, at least 0
 */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now: number = Date.now(),
): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date names its day or month; anything else (e.g. `-1`) is not one.
  const date = /[A-Za-z]{3}/.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Whether an HTTP status may succeed when sent again later: 429 and 5xx (AEP's throttling and server errors).
 * 413 is handled by splitting, 401/403 by refreshing the token once; every other status is final.
 *
 * @example
 * isRetriableStatus(503); // true
 * isRetriableStatus(400); // false
 */
export function isRetriableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/**
 * What one attempt gave: a final value, or a failure that may be tried again.
 */
export type AttemptResult<T> =
  | { readonly done: true; readonly value: T }
  | {
      readonly done: false;
      readonly reason: string;
      readonly status?: number;
      /** Wait this long instead of the backoff (the answer's `Retry-After`). */
      readonly retryAfterMs?: number;
      readonly cause?: unknown;
    };

/**
 * A failed attempt.
 */
export type AttemptFailure = Extract<AttemptResult<unknown>, { done: false }>;

/**
 * How {@link retrying} ended: a value, or why it stopped (attempts used up, deadline, abort) and the last failure.
 */
export type RetryResult<T> =
  | { readonly ok: true; readonly value: T; readonly attempts: number }
  | {
      readonly ok: false;
      readonly why: 'exhausted' | 'deadline' | 'aborted';
      readonly attempts: number;
      readonly last?: AttemptFailure;
    };

/**
 * Bounds of one {@link retrying} run.
 */
export interface RetryBounds {
  readonly policy: RetryPolicy;
  /** Epoch ms: no attempt starts with less than `policy.minAttemptMs` left, no sleep ends after it. */
  readonly deadline: number;
  /** Aborts the run, the attempt in flight included. */
  readonly signal?: AbortSignal;
  /** A graceful stop: once aborted, no further attempt or wait starts (the attempt in flight is awaited). */
  readonly stop?: AbortSignal;
  readonly random?: () => number;
  /** Called before sleeping for another attempt. */
  readonly onRetry?: (failure: AttemptFailure, delayMs: number, attempt: number) => void;
}

/**
 * Runs `attempt` until it is done, the policy's attempts are used up, the deadline leaves no room for another
 * attempt (including the wait before it), or `signal` aborts (or `stop`, which lets the attempt in flight end). Waits `Retry-After` when the failure carries it,
 * else the full-jitter backoff.
 *
 * @example
 * const result = await retrying(async () => ({ done: true, value: 42 }), { policy: RETRY_DEFAULTS, deadline });
 * if (result.ok) result.value; // 42
 */
export async function retrying<T>(
  attempt: (n: number) => Promise<AttemptResult<T>>,
  bounds: RetryBounds,
): Promise<RetryResult<T>> {
  const { policy, deadline, signal, stop } = bounds;
  const wake = signal && stop ? AbortSignal.any([signal, stop]) : (signal ?? stop);
  let last: AttemptFailure | undefined;
  for (let n = 1; ; n++) {
    if (signal?.aborted || (n > 1 && stop?.aborted))
      return { ok: false, why: 'aborted', attempts: n - 1, last };
    if (deadline - Date.now() < policy.minAttemptMs)
      return { ok: false, why: 'deadline', attempts: n - 1, last };
    const result = await attempt(n);
    if (result.done) return { ok: true, value: result.value, attempts: n };
    last = result;
    if (wake?.aborted) return { ok: false, why: 'aborted', attempts: n, last };
    if (n >= policy.maxAttempts) return { ok: false, why: 'exhausted', attempts: n, last };
    const delay = result.retryAfterMs ?? backoffDelay(n, policy, bounds.random);
    if (Date.now() + delay + policy.minAttemptMs > deadline)
      return { ok: false, why: 'deadline', attempts: n, last };
    bounds.onRetry?.(result, delay, n);
    try {
      await sleep(delay, undefined, { signal: wake });
    } catch {
      return { ok: false, why: 'aborted', attempts: n, last };
    }
  }
}

/**
 * The reason of a {@link retrying} run that did not succeed, e.g.
 * `gave up after 3 attempts: AEP answered 503 Service Unavailable`.
 *
 * @example
 * describeRetryFailure(result); // 'deadline reached after 2 attempts: AEP answered 429 …'
 */
export function describeRetryFailure(result: Extract<RetryResult<unknown>, { ok: false }>): string {
  const what = { exhausted: 'gave up', deadline: 'deadline reached', aborted: 'aborted' }[result.why];
  const attempts = `${result.attempts} attempt${result.attempts === 1 ? '' : 's'}`;
  return result.last ? `${what} after ${attempts}: ${result.last.reason}` : `${what} before any attempt`;
}
