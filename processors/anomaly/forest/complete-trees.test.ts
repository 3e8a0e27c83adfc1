import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { describe, expect, it } from 'vitest';
import { completeForest } from './complete-trees.js';
import { anomalyScore, explain, explainBatch, walkBatch } from '../../../bench/anomaly/scoring-variants.js';
import { fitForest } from './fit-forest.js';
import { forestKernel } from './forest-kernel.js';
import { walkAndCredit } from './explanations.js';
import { creditStride, leafCreditOf } from './leaf-credits.js';
import type { ForestModel } from './forest-model.js';
import { scoreBatch } from './scoring.js';

/** Seeded rows of `width` features: a few coarse integer columns (many ties) and continuous ones. */
function rows(count: number, width: number, seed: number): Float64Array {
  const rng = xoroshiro128plus(seed);
  const data = new Float64Array(count * width);
  for (let i = 0; i < data.length; i++) {
    const u = uniformFloat64(rng);
    data[i] = i % width === 0 ? Math.floor(u * 5) : (u - 0.5) * 10 ** (i % 3);
  }
  return data;
}

/** The leaf the node walk reaches, written out from the model (x <= threshold goes left). */
function walk(model: ForestModel, data: Float64Array, offset: number, root: number): number {
  let node = root;
  while ((model.feature[node] as number) >= 0) {
    const f = model.feature[node] as number;
    node = (data[offset + f] as number) <= (model.threshold[node] as number) ? (model.left[node] as number) : (model.right[node] as number);
  }
  return node;
}

describe('complete-tree layout of a forest', () => {
  it.each([
    { width: 1, sampleSize: 2, trees: 5 },
    { width: 3, sampleSize: 37, trees: 20 },
    { width: 6, sampleSize: 256, trees: 30 },
    { width: 17, sampleSize: 512, trees: 10 },
  ])('reaches the same leaf as the node walk for every row and tree ($width features, ψ $sampleSize)', ({ width, sampleSize, trees }) => {
    const train = rows(2000, width, 1);
    const model = fitForest(train, 2000, width, { trees, sampleSize, seed: 4 });
    const forest = completeForest(model);
    if (forest === undefined) throw new Error('expected a complete layout');
    expect(forest.depth).toBe(Math.ceil(Math.log2(sampleSize)));
    // Unseen rows, the training rows themselves (values equal to thresholds) and extreme values; 1003 rows
    // so that the last rows go through the tail of the four-row loop.
    const test = new Float64Array([...rows(1000, width, 2), ...train.subarray(0, width)]);
    const extremes = [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NaN, -0, Number.MAX_VALUE];
    const all = Float64Array.from([...test, ...Array.from({ length: 2 * width }, (_, i) => extremes[i % extremes.length] as number)]);
    const count = all.length / width;
    const leaves = new Int32Array(trees * count);
    forestKernel(forest)?.reachAllLeaves(all, count, leaves);
    for (let t = 0; t < trees; t++) {
      for (let r = 0; r < count; r++) {
        expect(leaves[t * count + r]).toBe(walk(model, all, r * width, model.roots[t] as number));
      }
    }
    const out = new Float64Array(count);
    scoreBatch(model, all, count, out);
    for (let r = 0; r < count; r++) expect(out[r]).toBeCloseTo(anomalyScore(model, all, r * width), 12);
    // Explanations: the kernel's path lengths and feature credits are the node walk's to the bit.
    const table = leafCreditOf(model);
    const stride = creditStride(width);
    const [kernelPaths, walkedPaths] = [new Float64Array(count), new Float64Array(count)];
    const [kernelCredits, walkedCredits] = [new Float64Array(count * stride), new Float64Array(count * stride)];
    forestKernel(forest)?.scoreAndCredit(all, count, table, model.leafPath, kernelPaths, kernelCredits);
    walkAndCredit(model, all, count, table, walkedPaths, walkedCredits);
    expect(Array.from(kernelPaths)).toEqual(Array.from(walkedPaths));
    expect(Array.from(kernelCredits)).toEqual(Array.from(walkedCredits));
  });

  it.each([
    { trees: 7, counts: [1, 2, 3, 4, 5, 6, 7, 9, 64, 1003] },
    { trees: 8, counts: [1, 3, 5, 1000] },
  ])('scores batches of any size to the bit as the node walk ($trees trees: four rows, or one row through four trees, at a time)', ({ trees, counts }) => {
    const width = 5;
    const model = fitForest(rows(3000, width, 7), 3000, width, { trees, sampleSize: 256, seed: 9 });
    const test = rows(1003, width, 8);
    test[3 * width + 1] = Number.NaN;
    test[4 * width + 2] = Number.POSITIVE_INFINITY;
    // Explanations of the rows of a batch of 1000 (four rows at a time) are the reference for the rows
    // left over in smaller batches (one row through four trees at a time).
    const together = explainBatch(model, test, 1000, width);
    for (const count of counts) {
      const fast = new Float64Array(count).fill(7);
      const walked = new Float64Array(count).fill(7);
      scoreBatch(model, test, count, fast);
      walkBatch(model, test, count, walked);
      expect(Array.from(fast)).toEqual(Array.from(walked));
      if (count < 1000) expect(explainBatch(model, test, count, width)).toEqual(together.slice(0, count));
    }
  });

  it('handles a forest of single leaves (all training points equal)', () => {
    const model = fitForest(new Float64Array(20).fill(3), 10, 2, { trees: 4, sampleSize: 8, seed: 1 });
    expect(completeForest(model)?.depth).toBe(0);
    const out = new Float64Array(2);
    scoreBatch(model, [3, 3, 100, -100], 2, out);
    expect(Array.from(out)).toEqual([anomalyScore(model, [3, 3]), anomalyScore(model, [100, -100])]);
  });

  it('keeps the node walk for trees too deep to pad, with the same scores and explanations', () => {
    const width = 2;
    const train = rows(9000, width, 3);
    const model = fitForest(train, 9000, width, { trees: 3, sampleSize: 8192, seed: 2 });
    expect(completeForest(model)).toBeUndefined();
    const test = rows(50, width, 5);
    const out = new Float64Array(50);
    scoreBatch(model, test, 50, out);
    for (let r = 0; r < 50; r++) expect(out[r]).toBeCloseTo(anomalyScore(model, test, r * width), 12);
    expect(explainBatch(model, test, 50, 2)[7]).toEqual(explain(model, test, 7 * width, 2));
  });
});
