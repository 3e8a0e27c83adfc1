import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../event.js';
import { JsonByteWriter, NdjsonEncoder } from './ndjson.js';

const tricky: unknown[] = [
  'plain',
  'quote " backslash \\ newline \n tab \t nul \u0000 del \u007f',
  'é ü 中文 😀 \u2028 \u2029',
  '\ud800 lone surrogate',
  'x'.repeat(500),
  Array.from({ length: 0x80 }, (_, i) => String.fromCharCode(i)).join(''),
  '\udc00\ud800 reversed pair, pair at end \ud83d\ude00',
  'ends with a high surrogate \ud83d',
  `long "escaped" \n ${'é😀\u0001'.repeat(10_000)}`,
  0,
  -0,
  1.5e300,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  null,
  [],
  {},
  [1, 'a', null, undefined, () => 1, { b: undefined }],
  { 'key "quoted"': 1, 'a.b': { c: [{ d: 'e' }] }, skip: undefined, fn: () => 1 },
  { nested: { deeper: { deepest: ['x', { y: 'z\n' }] } } },
  new Date(0),
];

describe('NDJSON encoding', () => {
  it('writes the same UTF-8 bytes as JSON.stringify, including escapes, surrogates and skipped values', () => {
    const writer = new JsonByteWriter();
    for (const value of tricky) {
      writer.reset();
      const written = writer.value(value);
      expect(written, String(value)).toBe(JSON.stringify(value) !== undefined);
      if (written) expect(writer.bytes().toString('utf8'), String(value).slice(0, 40)).toBe(JSON.stringify(value));
      if (written) expect(writer.bytes().equals(Buffer.from(JSON.stringify(value), 'utf8'))).toBe(true);
    }
  });

  it('writes leading members before the object members', () => {
    const writer = new JsonByteWriter();
    writer.object({ a: 1, skip: undefined }, '"data_stream":{"type":"logs"}');
    expect(writer.bytes().toString()).toBe('{"data_stream":{"type":"logs"},"a":1}');
    writer.reset();
    writer.object({}, '"x":1');
    expect(writer.bytes().toString()).toBe('{"x":1}');
  });

  it('encodes a batch as one buffer of newline-terminated documents and reuses its buffer', () => {
    const encoder = new NdjsonEncoder();
    const events: LogEvent[] = [
      { '@timestamp': 't', message: 'héllo "world"', log: { file: { path: '/var/log/a.log' }, offset: 3 } },
      { '@timestamp': 't', message: 'x'.repeat(2 * 1024 * 1024) },
    ];
    const out = encoder.encode(events).toString('utf8');
    expect(out).toBe(events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    expect(encoder.encode([events[0] as LogEvent]).toString()).toBe(`${JSON.stringify(events[0])}\n`);
  });
});
