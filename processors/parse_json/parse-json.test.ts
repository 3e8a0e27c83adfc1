import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../agent/event.js';
import { parseJsonConfig } from './config.js';
import { ParseJson } from './parse-json.js';

const ev = (message: string): LogEvent => ({ '@timestamp': '2026-01-01T00:00:00.000Z', message, host: { name: 'h' } });

describe('parse_json', () => {
  it('merges a JSON object into the event root and takes its @timestamp', () => {
    const [out] = new ParseJson(parseJsonConfig.parse({})).process([ev('{"@timestamp":"2026-03-04T05:06:07Z","ticket":{"id":7},"host":{"ip":"1.2.3.4"}}')]);
    expect(out).toMatchObject({ '@timestamp': '2026-03-04T05:06:07.000Z', ticket: { id: 7 }, host: { name: 'h', ip: '1.2.3.4' } });
  });

  it('keeps and tags events whose text is not JSON, saying why', () => {
    const [bad, binary] = new ParseJson(parseJsonConfig.parse({})).process([ev('{"a": tru'), ev('\u0000\ufffd')]);
    expect(bad?.tags).toEqual(['_jsonparsefailure']);
    expect(bad).toMatchObject({ message: '{"a": tru', error: { message: expect.stringMatching(/^parse_json: invalid JSON in message: /) } });
    expect(binary?.tags).toEqual(['_jsonparsefailure']);
  });

  it('puts non-object JSON under a target and reads the event time from timestamp_field', () => {
    const p = new ParseJson(parseJsonConfig.parse({ target: 'json', timestamp_field: 'ts' }));
    const [arr, obj, badTs] = p.process([ev('[1,2]'), ev('{"ts": 1700000000000}'), ev('{"ts": "yesterday"}')]);
    expect(arr).toMatchObject({ json: [1, 2] });
    expect(obj?.['@timestamp']).toBe('2023-11-14T22:13:20.000Z');
    expect(badTs?.tags).toEqual(['_timestampparsefailure']);
  });

  it('refuses to merge a non-object at the root and tags it', () => {
    const [out] = new ParseJson(parseJsonConfig.parse({})).process([ev('"just a string"')]);
    expect(out?.tags).toEqual(['_jsonparsefailure']);
  });
});
