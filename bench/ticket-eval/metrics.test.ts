import { describe, expect, it } from 'vitest';
import { bootstrapInterval, labelScores, macroF1, mean, percentile, rouge1, rougeL, standardDeviation } from './metrics.js';

describe('ticket evaluation measures', () => {
  it('scores labels as multi-label precision, recall and F1', () => {
    const gold = [['billing'], ['billing', 'refund'], ['login'], ['refund']];
    const predicted = [['billing'], ['billing'], ['billing'], ['refund', 'login']];
    const [billing, refund, login] = labelScores(['billing', 'refund', 'login'], gold, predicted);
    expect(billing).toMatchObject({ support: 2, precision: 2 / 3, recall: 1 });
    expect(billing?.f1).toBeCloseTo(0.8);
    expect(refund).toMatchObject({ support: 2, precision: 1, recall: 0.5 });
    expect(login).toMatchObject({ support: 1, precision: 0, recall: 0, f1: 0 });
    expect(macroF1(labelScores(['billing', 'refund', 'login'], gold, predicted))).toBeCloseTo((0.8 + 2 / 3 + 0) / 3);
  });

  it('computes ROUGE-1 and ROUGE-L on words, ignoring case and punctuation', () => {
    expect(rouge1('The cat sat.', 'the cat sat')).toBe(1);
    expect(rouge1('a b', 'c d')).toBe(0);
    // LCS of "a b c d" and "a c b d" is 3 words.
    expect(rougeL('a b c d', 'a c b d')).toBeCloseTo(0.75);
    expect(rouge1('a a a', 'a b')).toBeCloseTo(harmonicOf(1 / 3, 1 / 2));
  });

  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.99)).toBe(99);
    expect(percentile([7], 0.99)).toBe(7);
  });
});

describe('spread measures', () => {
  it('takes the sample standard deviation', () => {
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7));
    expect(standardDeviation([3])).toBe(0);
  });

  it('bootstraps an interval around a statistic: the same for the same seed, narrower with more items', () => {
    const values = Array.from({ length: 400 }, (_, i) => (i * 37) % 100);
    const meanOf = (n: number) => (indexes: readonly number[]) => mean(indexes.map((i) => values[i % n] as number));
    const wide = bootstrapInterval(40, meanOf(40), { resamples: 1000, seed: 1 });
    const narrow = bootstrapInterval(400, meanOf(400), { resamples: 1000, seed: 1 });
    expect(bootstrapInterval(40, meanOf(40), { resamples: 1000, seed: 1 })).toEqual(wide);
    expect(bootstrapInterval(40, meanOf(40), { resamples: 1000, seed: 2 })).not.toEqual(wide);
    const all = mean(values);
    expect(wide.low).toBeLessThan(all);
    expect(wide.high).toBeGreaterThan(all);
    expect(narrow.high - narrow.low).toBeLessThan((wide.high - wide.low) / 2);
    // The standard error of a mean of 400 values with sd ≈ 29 is ≈ 1.45: a 95 % interval about ±2.8.
    expect(narrow.high - narrow.low).toBeGreaterThan(4);
    expect(narrow.high - narrow.low).toBeLessThan(7.5);
  });
});

function harmonicOf(p: number, r: number): number {
  return (2 * p * r) / (p + r);
}
