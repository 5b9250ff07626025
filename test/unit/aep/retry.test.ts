import { describe, expect, it } from 'vitest';
import {
  type AttemptResult,
  backoffDelay,
  describeRetryFailure,
  isRetriableStatus,
  parseRetryAfter,
  RETRY_DEFAULTS,
  type RetryPolicy,
  retrying,
} from '../../../shared/aep/retry.ts';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 25, minAttemptMs: 5 };
const busy: AttemptResult<string> = { done: false, status: 503, reason: 'AEP answered 503' };

/** An attempt that always answers `busy`, counting its calls. */
function alwaysBusy() {
  const attempt = Object.assign(
    async () => {
      attempt.calls++;
      return busy;
    },
    { calls: 0 },
  );
  return attempt;
}

describe('backoffDelay', () => {
  it('grows exponentially from the base, capped, with full jitter', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 0.999_999))).toEqual([9, 19, 24, 24]);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(2, RETRY_DEFAULTS, () => 0.5)).toBe(300);
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(' 0 ')).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(['1', '5'])).toBe(1000);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-1')).toBeUndefined();
  });
});

describe('isRetriableStatus', () => {
  it('retries throttling and server errors only', () => {
    expect([429, 500, 502, 503, 504, 599].every(isRetriableStatus)).toBe(true);
    expect([200, 207, 400, 401, 403, 404, 413, 600].some(isRetriableStatus)).toBe(false);
  });
});

describe('retrying', () => {
  it('stops at the first success', async () => {
    const results = [busy, busy, { done: true, value: 'ok' } as const];
    const result = await retrying(async (n) => results[n - 1] as AttemptResult<string>, {
      policy,
      deadline: Date.now() + 5_000,
    });
    expect(result).toEqual({ ok: true, value: 'ok', attempts: 3 });
  });

  it('makes maxAttempts attempts in all, then gives up with the last failure', async () => {
    const attempt = alwaysBusy();
    const result = await retrying(attempt, { policy, deadline: Date.now() + 5_000 });
    expect(attempt.calls).toBe(4);
    expect(result).toEqual({ ok: false, why: 'exhausted', attempts: 4, last: busy });
    if (!result.ok) expect(describeRetryFailure(result)).toBe('gave up after 4 attempts: AEP answered 503');
  });

  it('waits Retry-After instead of the backoff', async () => {
    const delays: number[] = [];
    const started = Date.now();
    await retrying(async (n) => (n === 1 ? { ...busy, retryAfterMs: 120 } : { done: true, value: 'ok' }), {
      policy,
      deadline: Date.now() + 5_000,
      onRetry: (_failure, delayMs) => delays.push(delayMs),
    });
    expect(delays).toEqual([120]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
  });

  it('does not sleep past the deadline: it gives up at once when the wait cannot fit', async () => {
    const started = Date.now();
    const result = await retrying(async () => ({ ...busy, retryAfterMs: 10_000 }), {
      policy,
      deadline: Date.now() + 1_000,
    });
    expect(Date.now() - started).toBeLessThan(500);
    expect(result).toMatchObject({ ok: false, why: 'deadline', attempts: 1 });
  });

  it('does not start an attempt with less than minAttemptMs left', async () => {
    const attempt = alwaysBusy();
    const result = await retrying(attempt, {
      policy: { ...policy, minAttemptMs: 1_000 },
      deadline: Date.now() + 500,
    });
    expect(attempt.calls).toBe(0);
    expect(result).toEqual({ ok: false, why: 'deadline', attempts: 0, last: undefined });
    if (!result.ok) expect(describeRetryFailure(result)).toBe('deadline reached before any attempt');
  });

  it('stops sleeping when the signal aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const result = await retrying(async () => ({ ...busy, retryAfterMs: 3_000 }), {
      policy,
      deadline: Date.now() + 10_000,
      signal: controller.signal,
    });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(result).toMatchObject({ ok: false, why: 'aborted', attempts: 1 });
  });
});
