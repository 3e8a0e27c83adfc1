import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { describe, expect, it } from 'vitest';
import { fitLogisticDual } from './logistic-dual.js';
import { fitLogisticSparse, type LinearModel, type SparseRows } from './logistic-regression.js';

/** Sparse rows of `width` non-zero entries each, in `columns` columns, from a seed. */
function rows(count: number, columns: number, width: number, seed: number): SparseRows {
  const rng = xoroshiro128plus(seed);
  const starts = new Uint32Array(count + 1);
  const indexes: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    const picked = [...new Set(Array.from({ length: width }, () => uniformInt(rng, 0, columns - 1)))].sort((a, b) => a - b);
    for (const j of picked) {
      indexes.push(j);
      values.push(uniformFloat64(rng));
    }
    starts[i + 1] = indexes.length;
  }
  return { starts, indexes: Uint32Array.from(indexes), values: Float32Array.from(values), columns };
}

const margin = (model: LinearModel, x: SparseRows, i: number): number => {
  let sum = model.bias;
  for (let k = x.starts[i] as number; k < (x.starts[i + 1] as number); k++) sum += (model.weights[x.indexes[k] as number] as number) * (x.values[k] as number);
  return sum;
};
/** The label: whether a row's entries in the first quarter of the columns outweigh the rest. */
function labels(x: SparseRows): boolean[] {
  return Array.from({ length: x.starts.length - 1 }, (_, i) => {
    let score = 0;
    for (let k = x.starts[i] as number; k < (x.starts[i + 1] as number); k++) score += ((x.indexes[k] as number) < x.columns / 4 ? 3 : -1) * (x.values[k] as number);
    return score > 0;
  });
}

describe('logistic regression by dual coordinate descent', () => {
  it('separates a separable set and labels fresh rows of the same kind', () => {
    const train = rows(300, 64, 6, 1);
    const positive = labels(train);
    const model = fitLogisticDual(train, positive, { c: 100, balanced: true, tolerance: 0.01, maxPasses: 500 });
    const right = positive.filter((p, i) => margin(model, train, i) > 0 === p).length;
    expect(right).toBe(positive.length);
    const fresh = rows(300, 64, 6, 2);
    const truth = labels(fresh);
    expect(truth.filter((p, i) => margin(model, fresh, i) > 0 === p).length / truth.length).toBeGreaterThan(0.9);
  });

  it('gives the same weights for the same rows every time', () => {
    const x = rows(200, 64, 5, 3);
    const positive = labels(x);
    const a = fitLogisticDual(x, positive, { c: 10, balanced: true, maxPasses: 10 });
    const b = fitLogisticDual({ ...x, values: Float32Array.from(x.values) }, [...positive], { c: 10, balanced: true, maxPasses: 10 });
    expect(Array.from(b.weights)).toEqual(Array.from(a.weights));
    expect(b.bias).toBe(a.bias);
  });

  it("agrees with the truncated-Newton solver's probabilities on overlapping classes", () => {
    const x = rows(400, 48, 5, 4);
    // A noisy label: about one row in eight is flipped, so neither solver can separate the set.
    const rng = xoroshiro128plus(9);
    const positive = labels(x).map((p) => (uniformInt(rng, 0, 7) === 0 ? !p : p));
    for (const c of [0.5, 5]) {
      const dual = fitLogisticDual(x, positive, { c, balanced: true, tolerance: 1e-4, maxPasses: 2000 });
      const newton = fitLogisticSparse(x, positive, { c, balanced: true });
      const p = (m: LinearModel, i: number) => 1 / (1 + Math.exp(-margin(m, x, i)));
      let largest = 0;
      let same = 0;
      for (let i = 0; i < positive.length; i++) {
        largest = Math.max(largest, Math.abs(p(dual, i) - p(newton, i)));
        if (p(dual, i) > 0.5 === p(newton, i) > 0.5) same++;
      }
      // The dual solver also regularises the intercept, so the two optima differ slightly.
      expect(largest, `c ${c}`).toBeLessThan(0.05);
      expect(same / positive.length, `c ${c}`).toBeGreaterThan(0.98);
    }
  });

  it('needs rows with and without the label', () => {
    const x = rows(10, 8, 2, 5);
    expect(() => fitLogisticDual(x, new Array<boolean>(10).fill(true), { c: 1, balanced: true })).toThrow(/with and without/);
  });
});
