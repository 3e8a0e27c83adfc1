import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { describe, expect, it } from 'vitest';
import { normalCutoffs } from './cutoffs.js';

/**
 * `count` scores shaped like an isolation forest's on ordinary events: log-odds from a Gaussian bulk with a
 * longer right tail (a second, wider Gaussian for a tenth of them), seeded.
 */
function ordinaryScores(count: number, seed: number): number[] {
  const rng = xoroshiro128plus(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - uniformFloat64(rng))) * Math.cos(2 * Math.PI * uniformFloat64(rng));
  return Array.from({ length: count }, () => {
    const spread = uniformFloat64(rng) < 0.1 ? 0.25 : 0.15;
    return 1 / (1 + Math.exp(-(-0.35 + spread * gaussian())));
  });
}

/** The empirical quantile q of `values`. */
function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

describe('normalCutoffs', () => {
  it('keeps the cut-offs of ordinary scores near their quantiles when extreme scores are several times the contamination', () => {
    const ordinary = ordinaryScores(9_700, 7);
    const rng = xoroshiro128plus(8);
    // 3 % extreme scores, three times the contamination: they would fill the top 1 % on their own.
    const extreme = Array.from({ length: 300 }, () => 0.8 + 0.15 * uniformFloat64(rng));
    const mixed = Float64Array.from([...ordinary, ...extreme]);
    const cutoffs = normalCutoffs(mixed, mixed.length, 0.01);
    expect(cutoffs.medium).toBeGreaterThan(quantile(ordinary, 0.985));
    expect(cutoffs.medium).toBeLessThan(quantile(ordinary, 0.995));
    // The plain quantile of the mixture is among the extreme scores.
    expect(quantile(Array.from(mixed), 0.99)).toBeGreaterThan(0.8);
    expect(cutoffs.high).toBeGreaterThan(cutoffs.medium);
    expect(cutoffs.critical).toBeGreaterThan(cutoffs.high);
    expect(cutoffs.critical).toBeLessThan(0.8);
  });

  it('gives the empirical quantiles of scores without extreme values', () => {
    const ordinary = Float64Array.from(ordinaryScores(10_000, 9));
    const cutoffs = normalCutoffs(ordinary, ordinary.length, 0.01);
    const values = Array.from(ordinary);
    expect(cutoffs).toEqual({ medium: quantile(values, 0.99), high: quantile(values, 0.995), critical: quantile(values, 0.9975) });
  });

  it('uses only the first `count` scores, leaves them unchanged and gives the same cut-offs each time', () => {
    const scores = Float64Array.from([...ordinaryScores(1_000, 11), 0.99, 0.99]);
    const copy = scores.slice();
    const first = normalCutoffs(scores, 1_000, 0.05);
    expect(scores).toEqual(copy);
    expect(normalCutoffs(scores, 1_000, 0.05)).toEqual(first);
    expect(first.medium).toBe(quantile(Array.from(scores.subarray(0, 1_000)), 0.95));
  });
});
