// kafkajs 2.2.4 (its last release) arms `setTimeout(check, throttledUntil - Date.now())` in
// `RequestQueue.scheduleCheckPendingRequests` even when the broker never throttled (`throttledUntil` is -1), a
// delay of about minus the epoch. Node clamps it to 1 ms but, since Node 24, prints a TimeoutNegativeWarning each
// time (tulios/kafkajs#1751; the fix, tulios/kafkajs#1755, is unreleased). This module, loaded before any client is
// made, keeps the delay at 1 ms or more in that case, so the timer kafkajs arms is the one Node ran anyway.
// A static import (not createRequire): esbuild must see it to bundle the class into the Lambda functions.
import RequestQueueModule from 'kafkajs/src/network/requestQueue/index.js';

interface RequestQueueInternals {
  throttledUntil: number;
  throttleCheckTimeoutId: unknown;
  pending: readonly unknown[];
  scheduleCheckPendingRequests(): void;
}

const RequestQueue = RequestQueueModule as {
  prototype: RequestQueueInternals & { __aepNonNegativeDelay?: true };
};

/** Whether the shim is installed (tests assert it, so a kafkajs upgrade that moves the class is noticed). */
export function nonNegativeRequestQueueDelay(): boolean {
  return RequestQueue.prototype.__aepNonNegativeDelay === true;
}

const proto = RequestQueue.prototype;
if (!proto.__aepNonNegativeDelay) {
  const schedule = proto.scheduleCheckPendingRequests;
  proto.scheduleCheckPendingRequests = function (this: RequestQueueInternals) {
    // Only the unthrottled, empty-queue case reaches setTimeout with a negative delay: with pending requests
    // kafkajs itself falls back to its 10 ms interval, and a real throttle lies in the future.
    const until = this.throttledUntil;
    const negative = !this.throttleCheckTimeoutId && this.pending.length === 0 && until <= Date.now();
    if (!negative) return schedule.call(this);
    this.throttledUntil = Date.now() + 1;
    try {
      schedule.call(this);
    } finally {
      this.throttledUntil = until;
    }
  };
  proto.__aepNonNegativeDelay = true;
}
