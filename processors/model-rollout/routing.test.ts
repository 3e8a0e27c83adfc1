import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../agent/kit.js';
import { CanaryRouter, keyBucket, keyValue } from './routing.js';

const event = (card: unknown): LogEvent => ({ '@timestamp': 't', message: '', transaction: { card: { id: card } } }) as LogEvent;

describe('canary routing', () => {
  it('sends the same key to the same model every time, and in a new router with the same salt', () => {
    const first = new CanaryRouter('transaction.card.id', 0.1, 'a1b2c3d4');
    const second = new CanaryRouter('transaction.card.id', 0.1, 'a1b2c3d4');
    for (let i = 0; i < 2000; i++) {
      const card = `card-${i}`;
      const routed = first.toCandidate(event(card));
      expect(first.toCandidate(event(card))).toBe(routed);
      expect(second.toCandidate(event(card))).toBe(routed);
    }
  });

  it('routes the configured share of many keys to the candidate, within 1 percentage point', () => {
    for (const share of [0.01, 0.1, 0.5, 0.9]) {
      const router = new CanaryRouter('transaction.card.id', share, 'e5f6a7b8');
      let toCandidate = 0;
      const keys = 100_000;
      for (let i = 0; i < keys; i++) if (router.toCandidate(event(`4000-0000-${i}`))) toCandidate++;
      expect(Math.abs(toCandidate / keys - share)).toBeLessThan(0.01);
    }
  });

  it('spreads sequential numeric keys evenly over the buckets', () => {
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 50_000; i++) {
      const bucket = Math.floor(keyBucket(String(i), 'salt') * 10);
      buckets[bucket] = (buckets[bucket] ?? 0) + 1;
    }
    for (const count of buckets) expect(Math.abs(count - 5000)).toBeLessThan(300);
  });

  it('gives another candidate (another salt) a different set of keys', () => {
    const a = new CanaryRouter('transaction.card.id', 0.1, '00000001');
    const b = new CanaryRouter('transaction.card.id', 0.1, '00000002');
    let both = 0;
    let inA = 0;
    for (let i = 0; i < 20_000; i++) {
      const e = event(`c${i}`);
      if (a.toCandidate(e)) {
        inA++;
        if (b.toCandidate(e)) both++;
      }
    }
    // Independent choices: about a tenth of a's keys are b's too, not all of them.
    expect(both / inA).toBeLessThan(0.2);
  });

  it('leaves events without a usable key value undecided (they stay with the current model)', () => {
    const router = new CanaryRouter('transaction.card.id', 1, 'salt');
    expect(router.toCandidate(event(undefined))).toBeUndefined();
    expect(router.toCandidate(event(''))).toBeUndefined();
    expect(router.toCandidate(event({ nested: 1 }))).toBeUndefined();
    expect(router.toCandidate({ '@timestamp': 't', message: '' })).toBeUndefined();
    expect(router.toCandidate(event(17))).toBe(true);
    expect(keyValue(event(17), 'transaction.card.id')).toBe('17');
    expect(keyValue(event(true), 'transaction.card.id')).toBe('true');
  });
});
