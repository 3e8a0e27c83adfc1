import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../event.js';
import { encodeJson, NdjsonEncoder } from './ndjson.js';

const tricky: unknown[] = [
  'plain',
  'quote " backslash \\ newline \n tab \t nul \u0000 del \u007f',
  'é ü 中文 😀 \u2028 \u2029',
  '\ud800 lone surrogate',
  'x'.repeat(500),
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
  it('is identical to JSON.stringify, including escapes, surrogates and skipped values', () => {
    for (const value of tricky) expect(encodeJson(value), String(value)).toBe(JSON.stringify(value));
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
