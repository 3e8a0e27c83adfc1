import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import { base64Payloads, DECODED_DETECTORS } from './base64-payloads.js';
import { DETECTORS } from './detectors.js';

const NODE_SERIALIZE = `{"rce":"_$$ND_FUNC$$_function(){require('child_process').exec('ls /')}()"}`;
const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('base64Payloads', () => {
  it('decodes a run in a query value, its padding percent-encoded', () => {
    const run = encodeURIComponent(b64(NODE_SERIALIZE));
    expect(run).toContain('%3D');
    expect(base64Payloads(`/profile?data=${run}&x=1`)).toEqual([NODE_SERIALIZE]);
  });

  it('decodes a run after path segments, whose slashes are base64 characters too', () => {
    expect(base64Payloads(`/api/v1/${b64(NODE_SERIALIZE)}`)).toEqual([NODE_SERIALIZE]);
  });

  it('reads the URL-safe alphabet', () => {
    const text = '<script>alert(document.domain)</script>??>>';
    expect(base64Payloads(`/p?t=${Buffer.from(text).toString('base64url')}`)).toEqual([text]);
  });

  it('skips runs of one case, binary tokens and runs too short for a payload', () => {
    expect(base64Payloads('/assets/app-3f2a9c0d1e4b5a6978877665544332211.js')).toBeUndefined(); // a hex digest
    expect(base64Payloads('/blog/how-to-choose-running-shoes-for-winter')).toBeUndefined();
    expect(base64Payloads(`/p?sig=${randomBytes(48).toString('base64url')}`)).toBeUndefined();
    expect(base64Payloads(`/p?x=${b64('id;ls')}`)).toBeUndefined();
  });

  it('decodes at most eight runs of one value', () => {
    const value = Array.from({ length: 100 }, () => b64('<script>alert(1)</script>')).join('&a=');
    expect(base64Payloads(value)?.length).toBe(8);
  });

  it('names detectors that exist', () => {
    const ids = new Set(DETECTORS.map((d) => d.id));
    expect([...DECODED_DETECTORS].filter((id) => !ids.has(id))).toEqual([]);
  });
});
