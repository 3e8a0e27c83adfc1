import { describe, expect, it } from 'vitest';
import { FIELD_SEEDS, fieldMargin, forEachNgram, ngramCount, ngramSlots, slotMargin, topWindow, type NgramSettings } from './ngrams.js';

const SETTINGS: NgramSettings = { min: 2, max: 4, bits: 12 };

function slots(text: string, seed: number, settings = SETTINGS): number[] {
  const out: number[] = [];
  forEachNgram(text, seed, settings, (slot) => out.push(slot));
  return out;
}

describe('hashed character n-grams', () => {
  it('visits every n-gram of the framed value once, lengths min to max', () => {
    const seen: string[] = [];
    forEachNgram('abc', 1, SETTINGS, (_, start, length) => seen.push(`${start}:${length}`));
    // Framed: ^abc$ is 5 characters: 4 bigrams, 3 trigrams, 2 four-grams.
    expect(seen).toHaveLength(9);
    expect(ngramCount(3, SETTINGS)).toBe(9);
    expect(seen).toContain('-1:2'); // the start mark and "a"
    expect(seen).toContain('2:2'); // "c" and the end mark
  });

  it('hashes into the table, the same way every time, and differently per field', () => {
    const url = slots('/etc/passwd', FIELD_SEEDS.url);
    expect(url.every((s) => s >= 0 && s < 2 ** SETTINGS.bits)).toBe(true);
    expect(slots('/etc/passwd', FIELD_SEEDS.url)).toEqual(url);
    const ua = slots('/etc/passwd', FIELD_SEEDS.user_agent);
    expect(ua.filter((s, i) => s === url[i]).length).toBeLessThan(url.length / 4);
    // The same n-gram anywhere in a value lands in the same slot.
    const slotOf = (text: string, at: number, length: number) => {
      let found = -1;
      forEachNgram(text, 7, SETTINGS, (slot, start, n) => start === at && n === length && (found = slot));
      return found;
    };
    expect(slotOf('xab', 1, 2)).toBe(slotOf('yyab', 2, 2));
    expect(slotOf('xab', 1, 2)).not.toBe(slotOf('xab', 0, 2));
  });

  it("sums the slots' weights over the value and divides by √count, as the training rows do", () => {
    const weights = Float32Array.from({ length: 2 ** SETTINGS.bits }, (_, i) => ((i * 7919) % 13) - 6);
    const text = "1' or 1=1--";
    const expected = slots(text, FIELD_SEEDS.url).reduce((sum, s) => sum + (weights[s] as number), 0) / Math.sqrt(ngramCount(text.length, SETTINGS));
    expect(fieldMargin(text, FIELD_SEEDS.url, weights, SETTINGS)).toBeCloseTo(expected, 4);
    expect(fieldMargin(text, FIELD_SEEDS.url, new Float32Array(2 ** SETTINGS.bits), SETTINGS)).toBe(0);
  });

  it('gives exactly the sum of the visited slots in visiting order, for empty, short and long values, hashed on the fly or listed first', () => {
    const weights = Float32Array.from({ length: 2 ** SETTINGS.bits }, (_, i) => Math.fround(Math.sin(i) * 3.7));
    for (const text of ['', 'a', "1' or 1=1--", '/p?q='.repeat(120), 'ü<é>'.repeat(300), 'short again']) {
      for (const settings of [SETTINGS, { min: 3, max: 5, bits: 12 }, { min: 1, max: 1, bits: 12 }]) {
        const count = ngramCount(text.length, settings);
        const expected = count === 0 ? 0 : slots(text, FIELD_SEEDS.referrer, settings).reduce((sum, s) => sum + (weights[s] as number), 0) / Math.sqrt(count);
        expect(fieldMargin(text, FIELD_SEEDS.referrer, weights, settings), `${text.slice(0, 20)} ${settings.min}-${settings.max}`).toBe(expected);
        expect(slotMargin(ngramSlots(text, FIELD_SEEDS.referrer, settings), weights)).toBe(expected);
      }
    }
  });

  it('finds the window whose n-grams weigh most', () => {
    const weights = new Float32Array(2 ** SETTINGS.bits);
    for (const s of slots('<script>', FIELD_SEEDS.url)) weights[s] = 1;
    const window = topWindow('/search?q=shoes<script>alert', FIELD_SEEDS.url, weights, SETTINGS, 12);
    expect(window).toContain('script');
    expect(topWindow('/plain', FIELD_SEEDS.url, new Float32Array(2 ** SETTINGS.bits), SETTINGS, 12)).toBe('');
  });
});
