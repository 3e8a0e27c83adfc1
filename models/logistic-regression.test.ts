import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { describe, expect, it } from 'vitest';
import { fitLogistic, fitLogisticSparse, fitOneVsRest, probability, type LinearModel } from './logistic-regression.js';

/** Points in `dimensions`, uniform in [-1, 1), from a seed. */
function points(count: number, dimensions: number, seed: number): Float32Array[] {
  const rng = xoroshiro128plus(seed);
  return Array.from({ length: count }, () => Float32Array.from({ length: dimensions }, () => 2 * uniformFloat64(rng) - 1));
}

const norm = (model: LinearModel) => Math.hypot(...model.weights);

/**
 * The gradient of the objective the solver documents, written out plainly:
 * ½‖w‖² + c·Σ sᵢ·log(1 + e^(−yᵢ(w·xᵢ + b))), sᵢ = n / (2·count of row i's class) when balanced.
 */
function gradient(model: LinearModel, rows: Float32Array[], positive: boolean[], c: number, balanced: boolean): number[] {
  const n = rows.length;
  const positives = positive.filter(Boolean).length;
  const g = [...model.weights, 0];
  rows.forEach((row, i) => {
    const y = positive[i] ? 1 : -1;
    const s = balanced ? n / (2 * (positive[i] ? positives : n - positives)) : 1;
    const z = row.reduce((sum, x, j) => sum + x * (model.weights[j] ?? 0), model.bias);
    const factor = c * s * -y * (1 / (1 + Math.exp(y * z)));
    row.forEach((x, j) => (g[j] = (g[j] ?? 0) + factor * x));
    g[row.length] = (g[row.length] ?? 0) + factor;
  });
  return g;
}

describe('logistic regression', () => {
  it('separates separable data and gives new points on either side the right probability', () => {
    const rows = points(60, 3, 1);
    // The label: which side of the plane x + 2y - z = 0.2 a point is on.
    const side = (p: Float32Array) => (p[0] ?? 0) + 2 * (p[1] ?? 0) - (p[2] ?? 0) > 0.2;
    const model = fitLogistic(rows, rows.map(side), { c: 100, balanced: false });
    expect(rows.every((row) => probability(model, row) > 0.5 === side(row))).toBe(true);
    const fresh = points(200, 3, 2).filter((p) => Math.abs((p[0] ?? 0) + 2 * (p[1] ?? 0) - (p[2] ?? 0) - 0.2) > 0.3);
    expect(fresh.filter((row) => probability(model, row) > 0.5 === side(row)).length / fresh.length).toBeGreaterThan(0.95);
  });

  it('reaches the minimum of the objective it documents (the gradient vanishes there), with and without class weights', () => {
    const rows = points(40, 5, 3);
    // Overlapping classes, 10 positives against 30 negatives.
    const positive = rows.map((_, i) => i % 4 === 0);
    for (const balanced of [false, true]) {
      for (const c of [0.1, 3]) {
        const model = fitLogistic(rows, positive, { c, balanced });
        const g = gradient(model, rows, positive, c, balanced);
        expect(Math.max(...g.map(Math.abs)), `c ${c} balanced ${balanced}`).toBeLessThan(1e-5);
        expect(norm(model)).toBeGreaterThan(0);
      }
    }
  });

  it('gives the same weights for the same rows every time', () => {
    const rows = points(50, 8, 4);
    const positive = rows.map((row) => (row[0] ?? 0) > 0);
    const a = fitLogistic(rows, positive, { c: 3, balanced: true });
    const b = fitLogistic(
      rows.map((row) => Float32Array.from(row)),
      [...positive],
      { c: 3, balanced: true },
    );
    expect(Array.from(b.weights)).toEqual(Array.from(a.weights));
    expect(b.bias).toBe(a.bias);
  });

  it('shrinks the weights as regularisation grows (smaller c), towards the class prior', () => {
    const rows = points(50, 4, 5);
    const positive = rows.map((row) => (row[0] ?? 0) + (row[1] ?? 0) > 0);
    const norms = [100, 10, 1, 0.1, 0.01].map((c) => norm(fitLogistic(rows, positive, { c, balanced: true })));
    norms.slice(1).forEach((n, i) => expect(n).toBeLessThan(norms[i] as number));
    // Almost no weight left: every row gets about the balanced prior, one half.
    const flat = fitLogistic(rows, positive, { c: 1e-4, balanced: true });
    expect(norm(flat)).toBeLessThan(0.01 * (norms[0] as number));
    for (const row of rows) expect(probability(flat, row)).toBeCloseTo(0.5, 2);
  });

  it('with balanced class weights, a rare label is not drowned by the rows without it', () => {
    const rows = points(80, 4, 6);
    // Five positives, close to one corner but not separable from the rest.
    const positive = rows.map((_, i) => i < 5);
    rows.slice(0, 5).forEach((row) => (row[0] = 0.8 + 0.1 * (row[0] ?? 0)));
    const plain = fitLogistic(rows, positive, { c: 1, balanced: false });
    const balanced = fitLogistic(rows, positive, { c: 1, balanced: true });
    const meanOfPositives = (model: LinearModel) => rows.slice(0, 5).reduce((sum, row) => sum + probability(model, row), 0) / 5;
    expect(meanOfPositives(plain)).toBeLessThan(0.5);
    expect(meanOfPositives(balanced)).toBeGreaterThan(0.5);
  });

  it('fits one model per label, a row with two labels a positive of both', () => {
    const rows = [
      [1, 0],
      [0.9, 0.1],
      [0, 1],
      [0.1, 0.9],
      [0.7, 0.7],
      [-1, -1],
    ].map((r) => Float32Array.from(r));
    const labels = [[0], [0], [1], [1], [0, 1], [2]];
    const models = fitOneVsRest(rows, labels, 3, { c: 10, balanced: true });
    expect(models).toHaveLength(3);
    const both = rows[4] as Float32Array;
    expect(probability(models[0] as LinearModel, both)).toBeGreaterThan(0.5);
    expect(probability(models[1] as LinearModel, both)).toBeGreaterThan(0.5);
    expect(probability(models[2] as LinearModel, both)).toBeLessThan(0.5);
  });

  it('refuses a label that no row has, or every row has', () => {
    const rows = points(4, 2, 7);
    expect(() => fitLogistic(rows, [false, false, false, false], { c: 1, balanced: true })).toThrow(/rows with and without the label/);
    expect(() => fitLogistic(rows, [true, true, true, true], { c: 1, balanced: true })).toThrow(/rows with and without the label/);
  });

  it('fits sparse rows to the same weights as the same rows given dense, repeated columns adding up', () => {
    const rows = points(30, 6, 6).map((row) => row.map((x, j) => (j % 2 === 0 && x < 0 ? 0 : x)));
    const positive = rows.map((row) => (row[1] ?? 0) - (row[4] ?? 0) > 0);
    const dense = fitLogistic(rows, positive, { c: 2, balanced: true });
    // Each non-zero entry split into two halves under the same column, as a hash collision would give.
    const starts = [0];
    const indexes: number[] = [];
    const values: number[] = [];
    for (const row of rows) {
      row.forEach((x, j) => {
        if (x === 0) return;
        indexes.push(j, j);
        values.push(x / 2, x / 2);
      });
      starts.push(indexes.length);
    }
    const sparse = fitLogisticSparse({ starts: Uint32Array.from(starts), indexes: Uint32Array.from(indexes), values: Float32Array.from(values), columns: 6 }, positive, { c: 2, balanced: true });
    Array.from(dense.weights).forEach((w, j) => expect(sparse.weights[j]).toBeCloseTo(w, 4));
    expect(sparse.bias).toBeCloseTo(dense.bias, 4);
  });
});
