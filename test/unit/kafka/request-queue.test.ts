import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { idleRequestQueueArmsNoTimer } from '../../../shared/kafka/index.ts';

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

  it('arms no timer while nothing is pending: no TimeoutNegativeWarning, no wake-up every millisecond when idle', async () => {
    expect(idleRequestQueueArmsNoTimer()).toBe(true);
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const queue = newQueue();
    queue.scheduleCheckPendingRequests();
    queue.checkPendingRequests(); // what a response does
    queue.throttledUntil = Date.now() + 5_000; // a throttle with nothing waiting: a request pushed later schedules
    queue.scheduleCheckPendingRequests();
    await new Promise((r) => setImmediate(r));
    expect(setTimeoutSpy).not.toHaveBeenCalled();
    expect(queue.throttleCheckTimeoutId).toBeFalsy();
  });

  it('schedules a check for a pending request at the throttle end, or at kafkajs own interval', () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const throttled = newQueue();
    throttled.throttledUntil = Date.now() + 5_000;
    throttled.pending.push({});
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
