import { describe, expect, it } from 'vitest';
import { labelScores, macroF1, percentile, rouge1, rougeL } from './metrics.js';

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

function harmonicOf(p: number, r: number): number {
  return (2 * p * r) / (p + r);
}
