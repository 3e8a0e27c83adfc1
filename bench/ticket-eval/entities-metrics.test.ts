import { describe, expect, it } from 'vitest';
import { entityErrors, entityScores, type EntityMap } from './entities-metrics.js';

describe('entity scores', () => {
  it('count (ticket, kind, value) triples per kind and micro-averaged', () => {
    const gold: EntityMap[] = [{ order_id: ['ORD-1'], amount: ['1.00 EUR', '2.00 EUR'] }, {}];
    const predicted: EntityMap[] = [{ order_id: ['ORD-1'], amount: ['1.00 EUR'] }, { amount: ['3.00 EUR'], date: ['2026-01-01'] }];
    const scores = entityScores(['order_id', 'amount'], gold, predicted);
    expect(scores.map((s) => [s.kind, s.tp, s.fp, s.fn])).toEqual([
      ['order_id', 1, 0, 0],
      ['amount', 1, 1, 1],
      ['date', 0, 1, 0],
      ['all', 2, 2, 1],
    ]);
    const all = scores.at(-1);
    expect(all?.precision).toBe(0.5);
    expect(all?.recall).toBeCloseTo(2 / 3);
    expect(all?.f1).toBeCloseTo(4 / 7);
  });

  it('list misses and false finds by ticket', () => {
    expect(entityErrors(['A', 'B'], [{ amount: ['1.00 EUR'] }, {}], [{ amount: ['1.00 EUR'] }, { date: ['2026-01-01'] }])).toEqual(['B date: +2026-01-01']);
    expect(() => entityScores([], [{}], [])).toThrow(/gold has 1 tickets, predictions 0/);
  });
});
