// kafkajs 2.2.4 (its last release) arms `setTimeout(check, throttledUntil - Date.now())` in
// `RequestQueue.scheduleCheckPendingRequests` even when nothing waits and the broker never throttled
// (`throttledUntil` is -1): a delay of about minus the epoch, which Node clamps to 1 ms and, since Node 24, reports
// with a TimeoutNegativeWarning (tulios/kafkajs#1751; the fix, tulios/kafkajs#1755, is unreleased). The check it
// schedules ends by scheduling the next one, so once a connection has had a response it wakes every millisecond
// while idle. This module, loaded before any client is made, schedules nothing while no request is pending: a
// request that has to wait is queued by `push`, which schedules its own check (with a delay that is never negative:
// the throttle's end, or kafkajs' 10 ms interval), and a response or timeout checks the queue directly.
// A static import (not createRequire): esbuild must see it to bundle the class into the Lambda functions.
import RequestQueueModule from 'kafkajs/src/network/requestQueue/index.js';

interface RequestQueueInternals {
  pending: readonly unknown[];
  scheduleCheckPendingRequests(): void;
}

const RequestQueue = RequestQueueModule as {
  prototype: RequestQueueInternals & { __aepIdleWithoutTimers?: true };
};

/** Whether the shim is installed (tests assert it, so a kafkajs upgrade that moves the class is noticed). */
export function idleRequestQueueArmsNoTimer(): boolean {
  return RequestQueue.prototype.__aepIdleWithoutTimers === true;
}

const proto = RequestQueue.prototype;
if (!proto.__aepIdleWithoutTimers) {
  const schedule = proto.scheduleCheckPendingRequests;
  proto.scheduleCheckPendingRequests = function (this: RequestQueueInternals) {
    if (this.pending.length > 0) schedule.call(this);
  };
  proto.__aepIdleWithoutTimers = true;
}
