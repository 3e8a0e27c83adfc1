import RequestQueue from 'kafkajs/src/network/requestQueue/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { skipIdleRequestChecks } from './idle-request-check.js';

const queues: RequestQueue[] = [];
function queue(maxInFlightRequests: number | null = null): RequestQueue {
  const q = new RequestQueue({ maxInFlightRequests, requestTimeout: 30_000, enforceRequestTimeout: false, clientId: 'test', broker: '127.0.0.1:9092', logger: { debug: () => undefined } });
  queues.push(q);
  return q;
}

describe('kafkajs request queue checks', () => {
  skipIdleRequestChecks();
  afterEach(() => {
    for (const q of queues.splice(0)) q.destroy();
  });

  it('arms no timer after a check that leaves nothing waiting', () => {
    const q = queue();
    q.checkPendingRequests();
    expect(q.throttleCheckTimeoutId).toBeNull();
  });

  it('still checks again when the broker throttles the client', () => {
    const q = queue();
    q.throttledUntil = Date.now() + 60_000;
    q.checkPendingRequests();
    expect(q.throttleCheckTimeoutId).not.toBeNull();
  });

  it('still checks again while a request waits for a free slot', () => {
    const q = queue(0);
    q.pending.push({});
    q.checkPendingRequests();
    expect(q.throttleCheckTimeoutId).not.toBeNull();
  });
});
