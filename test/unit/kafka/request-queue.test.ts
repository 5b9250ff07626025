import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nonNegativeRequestQueueDelay } from '../../../shared/kafka/index.ts';

// kafkajs' RequestQueue, as its clients build it (constructor options of src/network/requestQueue).
const RequestQueue = createRequire(import.meta.url)('kafkajs/src/network/requestQueue/index.js');
const newQueue = () =>
  new RequestQueue({
    instrumentationEmitter: null,
    maxInFlightRequests: null,
    requestTimeout: 30_000,
    enforceRequestTimeout: true,
    clientId: 'test',
    broker: '127.0.0.1:9092',
    logger: {
      debug() {},
      info() {},
      warn() {},
      error() {},
      namespace: () => ({ debug() {}, warn() {}, error() {} }),
    },
    isConnected: () => true,
  });

describe('kafkajs request queue scheduling (shared/kafka)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('never arms a timer with a negative delay when the broker never throttled (no TimeoutNegativeWarning)', () => {
    expect(nonNegativeRequestQueueDelay()).toBe(true);
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const queue = newQueue();
    queue.scheduleCheckPendingRequests();
    const delays = setTimeoutSpy.mock.calls.map((call) => call[1] as number);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(0);
    expect(queue.throttledUntil).toBe(-1);
    clearTimeout(queue.throttleCheckTimeoutId);
  });

  it('keeps a real throttle delay and kafkajs own interval for pending requests', () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const throttled = newQueue();
    throttled.throttledUntil = Date.now() + 5_000;
    throttled.scheduleCheckPendingRequests();
    const pending = newQueue();
    pending.pending.push({});
    pending.scheduleCheckPendingRequests();
    const [throttleDelay, pendingDelay] = setTimeoutSpy.mock.calls.map((call) => call[1] as number);
    expect(throttleDelay).toBeGreaterThan(4_000);
    expect(pendingDelay).toBe(10);
    clearTimeout(throttled.throttleCheckTimeoutId);
    clearTimeout(pending.throttleCheckTimeoutId);
  });
});
