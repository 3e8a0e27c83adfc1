import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../event.js';
import { JsonByteWriter } from '../codecs/json-byte-writer.js';
import { BulkTarget } from './bulk-target.js';
import { elasticsearchOutputConfig } from './config.js';

const target = (config: Record<string, unknown> = {}) => new BulkTarget(elasticsearchOutputConfig.parse(config));

/** The action line and the document `target` writes for `event`, parsed. */
function item(t: BulkTarget, event: LogEvent): [Record<string, unknown>, Record<string, unknown>] {
  const writer = new JsonByteWriter();
  t.writeItem(event, writer);
  const lines = writer.bytes().toString().split('\n');
  expect(lines).toHaveLength(3); // two lines, each ending with a newline
  return [JSON.parse(lines[0] as string) as Record<string, unknown>, JSON.parse(lines[1] as string) as Record<string, unknown>];
}

const event: LogEvent = { '@timestamp': '2026-03-04T05:06:07.000Z', message: 'm', seq: 7 };

describe('bulk target', () => {
  it('creates into the data stream, adding data_stream fields without touching the event', () => {
    const t = target({ data_stream: { dataset: 'app', namespace: 'prod' } });
    const copy = structuredClone(event);
    expect(item(t, event)).toEqual([{ create: { _index: 'logs-app-prod' } }, { data_stream: { type: 'logs', dataset: 'app', namespace: 'prod' }, ...event }]);
    expect(event).toEqual(copy);
    expect(t.dataStream).toBe(true);
  });

  it('keeps data_stream fields an event already has', () => {
    const own = { ...event, data_stream: { type: 'logs', dataset: 'own', namespace: 'x' } };
    expect(item(target(), own)[1]).toEqual(own);
  });

  it('indexes into a dated index from @timestamp (UTC), or from now when it has none', () => {
    const t = target({ index: 'app-%{+yyyy.MM.dd.HH}-logs' });
    expect(item(t, event)[0]).toEqual({ index: { _index: 'app-2026.03.04.05-logs' } });
    expect(item(t, { ...event, '@timestamp': '2027-12-31T23:00:00.000Z' })[0]).toEqual({ index: { _index: 'app-2027.12.31.23-logs' } });
    const hour = (date: Date) => `app-${date.toISOString().slice(0, 13).replaceAll('-', '.').replace('T', '.')}-logs`;
    const before = hour(new Date());
    const index = (item(t, { ...event, '@timestamp': 'yesterday' })[0].index as { _index: string })._index;
    expect([before, hour(new Date())]).toContain(index);
    expect(item(t, event)[1]).toEqual(event);
  });

  it('takes the _id from id_field when it holds a scalar, as a string', () => {
    const t = target({ index: 'app', id_field: 'seq' });
    expect(item(t, event)[0]).toEqual({ index: { _index: 'app', _id: '7' } });
    expect(item(t, { ...event, seq: { nested: 1 } })[0]).toEqual({ index: { _index: 'app' } });
    expect(item(t, { ...event, seq: null })[0]).toEqual({ index: { _index: 'app' } });
  });

  it('counts a duplicate as stored only for create with an _id', () => {
    expect(target({ id_field: 'seq' }).createsWithId).toBe(true);
    expect(target().createsWithId).toBe(false);
    expect(target({ index: 'app', id_field: 'seq' }).createsWithId).toBe(false);
  });

  it('names the template and its patterns after the target', () => {
    expect([target().templateName(), target().templatePatterns()]).toEqual(['sidecar-ai-logs-sidecar', ['logs-sidecar-*']]);
    const dated = target({ index: 'app-logs-%{+yyyy.MM.dd}' });
    expect([dated.templateName(), dated.templatePatterns()]).toEqual(['sidecar-ai-app-logs', ['app-logs-*']]);
    expect(target({ index: 'plain' }).templatePatterns()).toEqual(['plain']);
  });
});
