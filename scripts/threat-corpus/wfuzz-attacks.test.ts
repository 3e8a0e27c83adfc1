/**
 * The fuzzer's wordlists in the threat bench: each line as written where FUZZ stands, escaped only where a
 * request line cannot carry it, probes without an attack left out, and stable halves.
 */
import { describe, expect, it } from 'vitest';

import { TARGETS } from './scanner-attacks.js';
import { asRequestTarget, wfuzzAttacks } from './wfuzz-attacks.js';

const LISTS = [
  { file: 'Injections/SQL.txt', class: 'sqli', lines: ["'", '--', '%7C', 'select', 'order by', "' or 1=1--", '%27%20or%201=1', "' or 0=0 #"] },
  { file: 'Injections/XSS.txt', class: 'xss', lines: ['<IMG%20SRC="javascript:alert(\'XSS\')"', '<IMG SRC="jav\tascript:alert(1);">'] },
];

describe("a fuzzer's wordlists", () => {
  it('keeps a line as written, its own escapes included, and escapes only spaces, control bytes and #', () => {
    expect(asRequestTarget('%27%20or%201=1')).toBe('%27%20or%201=1');
    expect(asRequestTarget("' or 0=0 #")).toBe("'%20or%200=0%20%23");
    expect(asRequestTarget('<IMG SRC="jav\tascript:">')).toBe('<IMG%20SRC="jav%09ascript:">');
  });

  it('puts each line in the parameter of every shop page, leaving out lone signs and bare SQL words', () => {
    const attacks = wfuzzAttacks(LISTS);
    expect(attacks).toHaveLength(5 * TARGETS.length);
    expect(attacks.map((a) => a.uri)).toContain("/product.php?id='%20or%201=1--");
    expect(attacks.some((a) => /=(?:'|--|%7C|select|order%20by)$/.test(a.uri))).toBe(false);
    expect(new Set(attacks.map((a) => `${a.module} ${a.class}`))).toEqual(new Set(['SQL sqli', 'XSS xss']));
    expect(new Set(attacks.map((a) => a.id)).size).toBe(attacks.length);
  });

  it('puts a request in the same half whatever else the set holds', () => {
    const all = wfuzzAttacks(LISTS);
    for (const a of wfuzzAttacks(LISTS.slice(1))) expect(all.find((b) => b.uri === a.uri && b.user_agent === a.user_agent)?.half).toBe(a.half);
  });
});
