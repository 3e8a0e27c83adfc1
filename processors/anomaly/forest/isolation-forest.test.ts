import { describe, expect, it } from 'vitest';
import { rocAuc } from '../../../scripts/transactions/evaluation.js';
import { anomalyScore, explain, explainBatch } from '../../../bench/anomaly/scoring-variants.js';
import { scoreAndExplainBatch, type FeatureCredit } from './explanations.js';
import { fitForest } from './fit-forest.js';
import type { ForestModel } from './forest-model.js';
import { scoreBatch } from './scoring.js';
import { averagePathLength } from './path-length.js';

/** 500 points around (0, 0) on a seeded grid-ish spiral, and a few far away. */
function data(): { rows: Float64Array; count: number; outliers: number[] } {
  const points: number[][] = [];
  for (let i = 0; i < 500; i++) points.push([Math.cos(i * 2.4) * (i % 17) * 0.1, Math.sin(i * 2.4) * (i % 13) * 0.1]);
  const outliers = [500, 501, 502];
  points.push([8, 8], [-7, 6], [0, 9]);
  return { rows: Float64Array.from(points.flat()), count: points.length, outliers };
}

/** The credit rule written out: each split on a point's path credits its feature 1 / that leaf's path length. */
function creditByRule(model: ForestModel, rows: Float64Array, at: number): FeatureCredit[] {
  const width = model.features;
  const credit = new Array<number>(width).fill(0);
  for (const root of model.roots) {
    const used: number[] = [];
    let node = root;
    while ((model.feature[node] as number) >= 0) {
      const f = model.feature[node] as number;
      used.push(f);
      node = (rows[at * width + f] as number) <= (model.threshold[node] as number) ? (model.left[node] as number) : (model.right[node] as number);
    }
    for (const f of used) credit[f] = (credit[f] as number) + 1 / Math.max(1, model.leafPath[node] as number);
  }
  const sum = credit.reduce((a, b) => a + b, 0);
  // A stable sort: ties stay in feature order, as the forest picks them.
  return credit.map((c, feature) => ({ feature, share: c / sum })).sort((a, b) => b.share - a.share);
}

describe('isolation forest', () => {
  it("uses scikit-learn's average path length c(n)", () => {
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
    // 2 (ln 255 + γ) − 2 · 255 / 256
    expect(averagePathLength(256)).toBeCloseTo(10.244770920116851, 10);
  });

  it('scores far points near 1 and the bulk below 0.6', () => {
    const { rows, count, outliers } = data();
    const model = fitForest(rows, count, 2, { trees: 100, sampleSize: 256, seed: 1 });
    for (const i of outliers) expect(anomalyScore(model, rows, i * 2)).toBeGreaterThan(0.7);
    const bulk = Array.from({ length: 500 }, (_, i) => anomalyScore(model, rows, i * 2));
    expect(bulk.reduce((a, b) => a + b, 0) / bulk.length).toBeLessThan(0.5);
    const labels = Array.from({ length: count }, (_, i) => (outliers.includes(i) ? 1 : 0));
    expect(rocAuc(Array.from({ length: count }, (_, i) => anomalyScore(model, rows, i * 2)), labels)).toBe(1);
  });

  it('grows each tree on a subsample of ψ points to depth ⌈log2 ψ⌉, reproducibly for a seed', () => {
    const { rows, count } = data();
    const a = fitForest(rows, count, 2, { trees: 10, sampleSize: 64, seed: 7 });
    const b = fitForest(rows, count, 2, { trees: 10, sampleSize: 64, seed: 7 });
    const c = fitForest(rows, count, 2, { trees: 10, sampleSize: 64, seed: 8 });
    expect(a.sampleSize).toBe(64);
    expect(Array.from(a.threshold)).toEqual(Array.from(b.threshold));
    expect(Array.from(a.threshold)).not.toEqual(Array.from(c.threshold));
    // A tree of 64 points has at most 2 · 64 − 1 nodes and leaves no deeper than 6 (+ c(n) for the rest).
    expect(a.feature.length).toBeLessThanOrEqual(10 * 127);
    const leafDepths = Array.from(a.leafPath).filter((_, i) => a.feature[i] === -1);
    expect(Math.max(...leafDepths)).toBeLessThanOrEqual(6 + averagePathLength(64));
  });

  it('caps ψ at the number of points and explains which feature isolated a point', () => {
    const rows = Float64Array.from([0, 0, 0.1, 0, 0.2, 0, 0.1, 0, 0, 50]);
    const model = fitForest(rows, 5, 2, { trees: 50, sampleSize: 256, seed: 3 });
    expect(model.sampleSize).toBe(5);
    // Point 4 differs only in feature 1: that feature gets most of the credit.
    expect(explain(model, rows, 8, 2)[0]?.feature).toBe(1);
  });

  it('explains with the credit rule written out: shares of 1 / path length per split, best first', () => {
    // Three features, the third a copy of the first, so that ties between features occur.
    const points = Array.from({ length: 300 }, (_, i) => [Math.sin(i) * 3, (i % 7) - 3, Math.sin(i) * 3]);
    points.push([9, 0, 9], [0, 12, 0]);
    const rows = Float64Array.from(points.flat());
    const model = fitForest(rows, points.length, 3, { trees: 40, sampleSize: 64, seed: 5 });
    for (const at of [0, 17, 300, 301]) {
      const expected = creditByRule(model, rows, at);
      const got = explain(model, rows, at * 3, 3);
      expect(got.map((e) => e.feature)).toEqual(expected.map((e) => e.feature));
      got.forEach((e, i) => expect(e.share).toBeCloseTo((expected[i] as { share: number }).share, 6));
      expect(explain(model, rows, at * 3, 1)).toHaveLength(1);
    }
  });

  it('explains batches larger than a block and wider than eight features by the same rule', () => {
    const width = 11;
    const count = 1100;
    const points = Array.from({ length: count }, (_, i) => Array.from({ length: width }, (_, k) => Math.sin(i * (k + 1)) * (k + 1)));
    (points[1050] as number[])[9] = 40; // an outlier in the second block of rows
    const rows = Float64Array.from(points.flat());
    const model = fitForest(rows, count, width, { trees: 30, sampleSize: 128, seed: 6 });
    const scores = new Float64Array(count);
    const explained = scoreAndExplainBatch(model, rows, count, scores, width);
    const apart = new Float64Array(count);
    scoreBatch(model, rows, count, apart);
    expect(Array.from(scores)).toEqual(Array.from(apart));
    for (const at of [0, 1023, 1024, 1050, 1099]) {
      const expected = creditByRule(model, rows, at);
      expect(explained[at]?.map((e) => e.feature)).toEqual(expected.map((e) => e.feature));
      explained[at]?.forEach((e, i) => expect(e.share).toBeCloseTo((expected[i] as { share: number }).share, 6));
    }
  });

  it('scores a batch tree by tree exactly as row by row', () => {
    const { rows, count } = data();
    const model = fitForest(rows, count, 2, { trees: 30, sampleSize: 128, seed: 2 });
    const out = new Float64Array(count);
    scoreBatch(model, rows, count, out);
    for (let i = 0; i < count; i++) expect(out[i]).toBeCloseTo(anomalyScore(model, rows, i * 2), 12);
  });

  it('scores and explains a batch in one pass with the same results as scoring and explaining apart', () => {
    const { rows, count } = data();
    const model = fitForest(rows, count, 2, { trees: 30, sampleSize: 128, seed: 4 });
    const apart = new Float64Array(count);
    scoreBatch(model, rows, count, apart);
    const together = new Float64Array(count).fill(Number.NaN);
    const explained = scoreAndExplainBatch(model, rows, count, together, 2);
    expect(Array.from(together)).toEqual(Array.from(apart));
    expect(explained).toEqual(explainBatch(model, rows, count, 2));
    expect(explained[501]).toEqual(explain(model, rows, 501 * 2, 2));
  });
});
