import { describe, expect, it } from 'vitest';
import { SidecarError } from '../errors.js';
import { failureLevel, RetryPolicy } from './retry.js';

describe('RetryPolicy', () => {
  it('backs off exponentially with jitter between half and all of the capped delay', () => {
    const policy = new RetryPolicy({ initial: 100, max: 1000 });
    for (let i = 0; i < 200; i++) {
      const first = policy.delay(1);
      const third = policy.delay(3);
      const late = policy.delay(40);
      expect(first).toBeGreaterThanOrEqual(50);
      expect(first).toBeLessThanOrEqual(100);
      expect(third).toBeGreaterThanOrEqual(200);
      expect(third).toBeLessThanOrEqual(400);
      expect(late).toBeGreaterThanOrEqual(500);
      expect(late).toBeLessThanOrEqual(1000);
    }
  });

  it('retries retriable errors until success, and gives up at once on a non-retriable one', async () => {
    const policy = new RetryPolicy({ initial: 1, max: 2 });
    let calls = 0;
    const retried: number[] = [];
    const value = await policy.retry(
      async () => {
        if (++calls < 3) throw new Error('busy');
        return 'ok';
      },
      { onRetry: (_e, attempt) => retried.push(attempt) },
    );
    expect(value).toBe('ok');
    expect(retried).toEqual([1, 2]);
    calls = 0;
    await expect(
      policy.retry(async () => {
        calls++;
        throw new SidecarError('DOCUMENT_REJECTED', 'bad document', { retriable: false });
      }),
    ).rejects.toThrow('bad document');
    expect(calls).toBe(1);
  });

  it('stops retrying when its signal aborts, rejecting with the last error', async () => {
    const policy = new RetryPolicy({ initial: 50, max: 50 });
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 20);
    await expect(policy.retry(async () => Promise.reject(new Error('down')), { signal: stop.signal })).rejects.toThrow('down');
  });

  it('logs the first failure of a run as a warning, every tenth as an error, the rest at debug', () => {
    expect([1, 2, 9, 10, 11, 20].map(failureLevel)).toEqual(['warn', 'debug', 'debug', 'error', 'debug', 'error']);
  });
});
