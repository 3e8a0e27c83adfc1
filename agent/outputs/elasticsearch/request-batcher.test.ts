import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LogEvent } from '../../event.js';
import { BulkTarget } from './bulk-target.js';
import { elasticsearchOutputConfig } from './config.js';
import { bulkBody, RequestBatcher, type Item } from './request-batcher.js';

const events = (n: number, from = 0): LogEvent[] => Array.from({ length: n }, (_, i) => ({ '@timestamp': '2026-03-04T05:06:07.000Z', message: `event ${from + i}` }));

/** A batcher over the default target (data stream logs-sidecar-default) whose requests are kept, not sent. */
function batcher(batch: Record<string, unknown> = {}, sendsPartial = false) {
  const config = elasticsearchOutputConfig.parse({ batch: { flush_interval: '1s', ...batch } });
  const requests: Item[][] = [];
  const it = new RequestBatcher(new BulkTarget(config), config.batch, { send: (items) => requests.push(items), sendsPartial: () => sendsPartial });
  return { batcher: it, requests };
}

const messages = (items: readonly Item[]) => items.map((item) => item.event.message);
/** The documents of a bulk body (every second line). */
const documents = (body: Buffer) =>
  body
    .toString()
    .split('\n')
    .filter((_, i) => i % 2 === 1)
    .map((line) => (JSON.parse(line) as LogEvent).message);

afterEach(() => {
  vi.useRealTimers();
});

describe('request batcher', () => {
  it('cuts a request each time max_events are queued, across writes', () => {
    const { batcher: b, requests } = batcher({ max_events: 2 });
    void b.add(events(3));
    void b.add(events(2, 3));
    expect(requests.map(messages)).toEqual([
      ['event 0', 'event 1'],
      ['event 2', 'event 3'],
    ]);
    expect(b.queued).toBe(1);
  });

  it('cuts a request once max_bytes are encoded', () => {
    const { batcher: b, requests } = batcher({ max_events: 1000, max_bytes: '200B' });
    void b.add(events(4));
    // Each item (action and document) is over 100 bytes: the second passes 200 bytes and cuts.
    expect(requests.map(messages)).toEqual([
      ['event 0', 'event 1'],
      ['event 2', 'event 3'],
    ]);
  });

  it('sends a partial request at once when the sink wants it, else after flush_interval', () => {
    vi.useFakeTimers();
    const eager = batcher({ max_events: 100 }, true);
    void eager.batcher.add(events(2));
    expect(eager.requests.map(messages)).toEqual([['event 0', 'event 1']]);

    const patient = batcher({ max_events: 100, flush_interval: '1s' }, false);
    void patient.batcher.add(events(1));
    void patient.batcher.add(events(1, 1));
    expect(patient.requests).toHaveLength(0);
    vi.advanceTimersByTime(999);
    expect(patient.requests).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(patient.requests.map(messages)).toEqual([['event 0', 'event 1']]);
  });

  it('resolves a write when all of its events are settled, with the number dead-lettered', async () => {
    const { batcher: b, requests } = batcher({ max_events: 2 });
    let report: unknown;
    const write = b.add(events(3)).then((r) => (report = r));
    b.sendQueued();
    const [first, second] = requests as [Item[], Item[]];
    b.settle(first[0] as Item);
    b.settleDeadLettered(second[0] as Item);
    await Promise.resolve();
    expect(report).toBeUndefined();
    b.settle(first[1] as Item);
    await write;
    expect(report).toEqual({ deadLettered: 1 });
  });

  it('encodes each event once into the request body; a retried subset is cut from the same bytes', () => {
    const { batcher: b, requests } = batcher({ max_events: 3 });
    void b.add(events(3));
    const items = requests[0] as Item[];
    const body = bulkBody(items);
    expect(body.toString().split('\n')[0]).toBe('{"create":{"_index":"logs-sidecar-default"}}');
    expect(documents(body)).toEqual(['event 0', 'event 1', 'event 2']);
    expect(bulkBody(items)).toBe(body);
    expect(documents(bulkBody([items[0] as Item, items[2] as Item]))).toEqual(['event 0', 'event 2']);
  });

  it('keeps the body of an unsettled request intact while later events are encoded', () => {
    const { batcher: b, requests } = batcher({ max_events: 2 });
    void b.add(events(2));
    const first = bulkBody(requests[0] as Item[]);
    const before = first.toString();
    void b.add(events(4, 2));
    expect(documents(bulkBody(requests[2] as Item[]))).toEqual(['event 4', 'event 5']);
    expect(first.toString()).toBe(before);
    expect(documents(first)).toEqual(['event 0', 'event 1']);
  });

  it('fails every pending write and stops its timer when told to', async () => {
    vi.useFakeTimers();
    const { batcher: b, requests } = batcher({ max_events: 100 });
    const write = b.add(events(2));
    const closed = new Error('closed');
    b.failPending(closed);
    await expect(write).rejects.toBe(closed);
    vi.advanceTimersByTime(10_000);
    expect(requests).toHaveLength(0);
  });
});
