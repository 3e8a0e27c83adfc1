import { describe, expect, it } from 'vitest';
import { DETECTORS } from './detectors.js';
import { wordGate, wordsIn } from './word-gate.js';

/** The bits that looking for each word with indexOf gives, as the gate did before it had an automaton. */
const byIndexOf = (wordsOf: readonly (readonly string[])[], text: string): number =>
  wordsOf.reduce((mask, words, bit) => (words.some((word) => text.includes(word)) ? mask | (1 << bit) : mask), 0);

describe('word gate', () => {
  const wordsOf = [['he', 'hers'], ['she'], ['his'], ['169.254.'], [' equ '], ['%0b', '\t']];
  const gate = wordGate(wordsOf);

  it('finds each detector’s words, also inside and overlapping one another', () => {
    expect(wordsIn(gate, 'ushers')).toBe(0b011); // she, he and hers end inside it
    expect(wordsIn(gate, 'this')).toBe(0b100);
    expect(wordsIn(gate, 'url=http://169.254.169.254/')).toBe(0b1000);
    expect(wordsIn(gate, 'if 1 equ 1 whoami')).toBe(0b10000);
    expect(wordsIn(gate, 'a%0bb')).toBe(0b100000);
    expect(wordsIn(gate, '')).toBe(0);
    expect(wordsIn(gate, 'nothing of them')).toBe(0b001); // "the" holds "he"
  });

  it('lets a non-ASCII character end a partial match', () => {
    expect(wordsIn(gate, 's\u00e9he')).toBe(0b001);
    expect(wordsIn(gate, '169.\u2024254.')).toBe(0);
  });

  it('agrees with indexOf on the detectors’ own words over texts made of their pieces', () => {
    const words = DETECTORS.flatMap((det) => (det.words === undefined ? [] : [det.words])).slice(0, 32);
    const real = wordGate(words);
    const pieces = [...new Set(words.flat().flatMap((w) => [w, w.slice(1), w.slice(0, -1)]))].concat(['a', ' ', '/', '\u00e9', '.']);
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % pieces.length);
    for (let n = 0; n < 2000; n++) {
      const text = Array.from({ length: 1 + (n % 9) }, () => pieces[random()]).join('');
      expect(wordsIn(real, text), text).toBe(byIndexOf(words, text));
    }
  });

  it('refuses what it cannot hold', () => {
    expect(() => wordGate([['é']])).toThrow(/not ASCII/);
    expect(() => wordGate([['']])).toThrow(/empty/);
    expect(() => wordGate(Array.from({ length: 33 }, () => ['x']))).toThrow(/at most 32/);
  });
});
