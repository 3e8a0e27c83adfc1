/**
 * The XSS scanner's requests of the threat bench: each vector once whatever its case, encoded as the requests
 * library sends a GET's params, an even spread of a large context, and stable halves.
 */
import { describe, expect, it } from 'vitest';

import { PER_CONTEXT, xsstrikeAttacks, type Vectors } from './xsstrike-attacks.js';

const VECTORS: Vectors = {
  html: ['<A%09ONMOUSEOVER%0d=%0dconfirm()>v3dm0s', '<d3v/+/onpointerenter+=+(prompt)``>'],
  comment: ['<a%09onmouseover%0d=%0dconfirm()>v3dm0s', '<!--x--><svg onload=confirm()>'],
  script: ['";(confirm)()//'],
  fuzzer: ['<test x=y'],
};

describe("an XSS scanner's requests", () => {
  it('encodes a vector as a GET parameter the way requests does: its own escapes once more, spaces as +', () => {
    const uris = xsstrikeAttacks(VECTORS).map((a) => a.uri);
    expect(uris).toContain('/search?q=%3CA%2509ONMOUSEOVER%250d%3D%250dconfirm%28%29%3Ev3dm0s');
    expect(uris.some((uri) => uri.endsWith('=%3Ctest+x%3Dy'))).toBe(true);
  });

  it('sends a vector once though two contexts build it in different case, and names the context', () => {
    const attacks = xsstrikeAttacks(VECTORS);
    expect(attacks).toHaveLength(5);
    expect(attacks.filter((a) => a.module === 'comment').map((a) => a.uri)).toEqual([expect.stringContaining('%3C%21--x--%3E')]);
    expect(new Set(attacks.map((a) => a.class))).toEqual(new Set(['xss']));
    expect(new Set(attacks.map((a) => a.id)).size).toBe(attacks.length);
  });

  it('takes an even spread of a context with more vectors than the cap', () => {
    const many = Array.from({ length: 10 * PER_CONTEXT }, (_, i) => `<svg onload=confirm(${i})>`);
    const attacks = xsstrikeAttacks({ html: many });
    expect(attacks).toHaveLength(PER_CONTEXT);
    expect(attacks[1]?.uri).toContain('confirm%2810%29');
  });

  it('puts a request in the same half whatever else the set holds', () => {
    const all = xsstrikeAttacks(VECTORS);
    for (const a of xsstrikeAttacks({ html: VECTORS.html as string[] })) expect(all.find((b) => b.uri === a.uri && b.user_agent === a.user_agent)?.half).toBe(a.half);
  });
});
