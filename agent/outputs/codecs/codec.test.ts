import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../event.js';
import { batchEncoder, codecSchema } from './codec.js';

const events: LogEvent[] = [
  { '@timestamp': 't', message: 'plain "quoted" é 😀' },
  { '@timestamp': 't', message: 'first line\n  at second line' },
  // Events are plain data that processors may reshape: a message replaced by an object, or removed.
  { '@timestamp': 't', message: { replaced: 'by a processor' } } as unknown as LogEvent,
  { '@timestamp': 't' } as unknown as LogEvent,
];

describe('output codecs', () => {
  it('json writes each event as one JSON document per line', () => {
    expect(batchEncoder('json').encode(events).toString('utf8')).toBe(events.map((e) => `${JSON.stringify(e)}\n`).join(''));
  });

  it('text writes only messages, as they are, one per event', () => {
    const text = batchEncoder('text').encode(events).toString('utf8');
    expect(text).toBe('plain "quoted" é 😀\nfirst line\n  at second line\n{"replaced":"by a processor"}\n\n');
  });

  it('defaults to json and rejects unknown codecs', () => {
    expect(codecSchema.parse(undefined)).toBe('json');
    expect(codecSchema.safeParse('xml').success).toBe(false);
  });
});
