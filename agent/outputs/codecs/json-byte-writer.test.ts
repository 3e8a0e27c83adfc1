import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../event.js';
import { JsonByteWriter } from './json-byte-writer.js';
import { NdjsonEncoder } from './ndjson-encoder.js';

const tricky: unknown[] = [
  'plain',
  'quote " backslash \\ newline \n tab \t nul \u0000 del \u007f',
  'é ü 中文 😀 \u2028 \u2029',
  '\ud800 lone surrogate',
  'x'.repeat(500),
  // ASCII with escapes first, then a character that ends the ASCII fast path half-way.
  '{"quoted":"\\b\b\f\r\u001f"} and then é',
  `${'"'.repeat(511)}é`,
  'x'.repeat(513),
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

describe('NDJSON encoding of events whose shape changes', () => {
  it('stays byte-identical when keys change order, appear, disappear or are skipped, at every depth', () => {
    const shapes: Record<string, unknown>[] = [
      { a: 1, b: { c: 'x', d: 2 }, e: 'y' },
      { a: 1, b: { c: 'x', d: 2 }, e: 'y' },
      { b: { d: 2, c: 'x' }, a: 1, e: 'y' },
      { a: 1, b: { c: 'x' }, e: 'y', f: [{ a: 3 }] },
      { a: undefined, b: { c: undefined, d: 2 }, e: 'y' },
      { a: 1, b: 'now a string', e: { c: 'x' } },
      { a: 1, b: { c: 'x', d: 2, e: { f: { g: 'h' } } }, e: 'y' },
      {},
      { a: 1, b: { c: 'x', d: 2 }, e: 'y' },
      Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`k${i}`, i % 2 === 0 ? i : { v: i }])),
      Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`k${79 - i}`, i])),
    ];
    const encoder = new NdjsonEncoder();
    for (let round = 0; round < 2; round++) {
      const out = encoder.encode(shapes as unknown as LogEvent[]).toString('utf8');
      expect(out).toBe(shapes.map((e) => `${JSON.stringify(e)}\n`).join(''));
    }
  });
});

describe('NDJSON encoding of repeated values and integers', () => {
  it('stays byte-identical when values repeat, change back and forth, and the buffer is reused or grows', () => {
    const writer = new JsonByteWriter();
    const values = ['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'x"y', 'x"y', '', 'é', 'é', '2026-01-01T00:00:00.000Z', 'z'.repeat(200)];
    for (let round = 0; round < 3; round++) {
      for (const [i, v] of values.entries()) {
        if (i % 3 === 0) writer.reset();
        const record = { '@timestamp': v, host: { name: v }, n: i, big: 'q'.repeat(round * 400_000) };
        const start = writer.length;
        writer.object(record, undefined);
        expect(writer.bytes().subarray(start).toString('utf8')).toBe(JSON.stringify(record));
      }
    }
  });

  it('writes integers as JSON.stringify does', () => {
    const writer = new JsonByteWriter();
    for (const n of [0, -0, 7, 10, 99, 100, 123456789012345, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, -5, -1e21, 1e21, 0.1, 2 ** 31]) {
      writer.reset();
      writer.value(n);
      expect(writer.bytes().toString(), String(n)).toBe(JSON.stringify(n));
    }
  });
});

describe('detaching and recycling the buffer', () => {
  it('keeps detached bytes intact while the writer goes on, and reuses recycled buffers', () => {
    const writer = new JsonByteWriter();
    writer.value({ a: 'first' });
    const first = writer.detach();
    expect(writer.length).toBe(0);
    writer.value({ b: 'second' });
    expect(first.toString()).toBe('{"a":"first"}');
    writer.recycle(first);
    const second = writer.detach(); // goes on in the recycled buffer
    writer.value({ c: 'third, written over the recycled buffer' });
    expect(writer.bytes().buffer).toBe(first.buffer);
    expect(second.toString()).toBe('{"b":"second"}');
    expect(writer.bytes().toString()).toBe('{"c":"third, written over the recycled buffer"}');
  });
});
