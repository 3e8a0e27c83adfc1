/**
 * kafkajs 2.2 checks each broker connection's queue of pending requests on a timer that re-arms itself after
 * every check, with a negative delay (run after 1 ms) when nothing is throttled, whether or not a request is
 * pending: an idle consumer runs about 1,800 such checks a second and spends 4 % of a core on them
 * (bench/RESULTS.md), and Node.js warns about the negative delay (TimeoutNegativeWarning; kafkajs issue
 * 1751, the fix is not released). A check is needed only while requests wait or the broker throttles the client: a request
 * queued later is sent at once or schedules its own check, and a finished one checks the queue itself.
 */
import RequestQueue from 'kafkajs/src/network/requestQueue/index.js';

let installed = false;

/** Makes kafkajs skip the check when no request waits and no throttling is in effect; once per process. */
export function skipIdleRequestChecks(): void {
  if (installed) return;
  installed = true;
  const queue = RequestQueue.prototype;
  const schedule = queue.scheduleCheckPendingRequests;
  // Another kafkajs version may have no such method, or fix it itself: nothing to do then.
  if (typeof schedule !== 'function') return;
  queue.scheduleCheckPendingRequests = function (this: RequestQueue): void {
    if (this.pending.length === 0 && this.throttledUntil <= Date.now()) return;
    schedule.call(this);
  };
}
