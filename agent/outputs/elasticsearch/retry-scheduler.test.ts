import { Registry } from 'prom-client';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bulkMetrics } from './metrics.js';
import type { Item } from './request-batcher.js';
import { RetryScheduler } from './retry-scheduler.js';

const items = (n: number) => Array.from({ length: n }, () => ({}) as Item);

function setup() {
  const logs: { level: number; msg: string; attempt?: number; after_failures?: number }[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => logs.push(JSON.parse(line) as (typeof logs)[number]) });
  const registry = new Registry();
  const resent: { count: number; attempt: number }[] = [];
  const scheduler = new RetryScheduler({ initial_backoff: 100, max_backoff: 400 }, logger, bulkMetrics(registry, 'search'), (retry, attempt) => resent.push({ count: retry.length, attempt }));
  const retried = async () => (await registry.getSingleMetricAsString('sidecar_output_events_retried_total')).split('\n').filter((l) => !l.startsWith('#'));
  return { scheduler, logs, resent, retried };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('retry scheduler', () => {
  it('sends the items again after the backoff, as the next attempt', () => {
    vi.useFakeTimers();
    const { scheduler, resent } = setup();
    scheduler.requestFailed(items(3), 0, 'connect ECONNREFUSED');
    vi.advanceTimersByTime(49); // attempt 1 waits between 50 and 100 ms
    expect(resent).toEqual([]);
    vi.advanceTimersByTime(51);
    expect(resent).toEqual([{ count: 3, attempt: 1 }]);
    scheduler.itemsPushedBack(items(2), 4, '429 es_rejected_execution_exception');
    vi.advanceTimersByTime(400); // capped at max_backoff
    expect(resent).toEqual([
      { count: 3, attempt: 1 },
      { count: 2, attempt: 5 },
    ]);
  });

  it('counts retried events by cause', async () => {
    vi.useFakeTimers();
    const { scheduler, retried } = setup();
    scheduler.requestFailed(items(3), 0, 'timeout');
    scheduler.itemsPushedBack(items(2), 0, '503');
    expect(await retried()).toEqual([
      'sidecar_output_events_retried_total{component="search",cause="request"} 3',
      'sidecar_output_events_retried_total{component="search",cause="item"} 2',
    ]);
  });

  it('warns at the first failure of a run, then logs quietly, and says once when the engine recovers', () => {
    vi.useFakeTimers();
    const { scheduler, logs } = setup();
    expect(scheduler.failing).toBe(false);
    scheduler.requestFailed(items(1), 0, 'down');
    scheduler.requestFailed(items(1), 1, 'down');
    expect(scheduler.failing).toBe(true);
    expect(logs.map((l) => [l.level, l.msg, l.attempt])).toEqual([
      [40, 'bulk request failed; retrying', 1],
      [20, 'bulk request failed; retrying', 2],
    ]);
    scheduler.answered();
    scheduler.answered();
    expect(scheduler.failing).toBe(false);
    expect(logs.slice(2).map((l) => [l.level, l.msg, l.after_failures])).toEqual([[30, 'search engine accepts writes again', 2]]);
    scheduler.itemsPushedBack(items(1), 0, '429');
    scheduler.answered();
    scheduler.itemsPushedBack(items(1), 0, '429');
    expect(logs.slice(3).map((l) => [l.level, l.msg])).toEqual([
      [40, 'search engine asked to send events again; retrying'],
      [40, 'search engine asked to send events again; retrying'],
    ]);
  });

  it('sends nothing again once cancelled', () => {
    vi.useFakeTimers();
    const { scheduler, resent } = setup();
    scheduler.requestFailed(items(1), 0, 'down');
    scheduler.cancel();
    vi.advanceTimersByTime(10_000);
    expect(resent).toEqual([]);
  });
});
