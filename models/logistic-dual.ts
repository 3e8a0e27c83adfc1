/**
 * L2-regularised logistic regression on sparse rows by dual coordinate descent (Yu, Huang and Lin 2011, the
 * solver liblinear uses for `-s 7`): http_threat's payload model is trained when the processor starts, on
 * thousands of rows of hashed n-grams, and the truncated-Newton solver in logistic-regression.ts needs many
 * conjugate-gradient passes over them at the c it runs at. Here each pass visits every row once, solves that
 * row's one-variable dual problem by a few Newton steps and moves the weights by the change: a pass costs
 * about two sweeps over the row's entries, and a few dozen passes are enough for a ranking.
 *
 * It minimises ½‖(w, b)‖² + c·Σ sᵢ·log(1 + e^(−yᵢ(w·xᵢ + b))) with sᵢ the balanced class weight; unlike
 * logistic-regression.ts the intercept is a constant feature of value 1 and so is regularised too (as
 * liblinear's `-B 1`), which moves it little at the c values used. Rows are visited in an order shuffled by
 * a fixed-seed generator, so the same rows always give the same weights.
 */
import type { LinearModel, LogisticOptions, SparseRows } from './logistic-regression.js';

export interface DualOptions extends Omit<LogisticOptions, 'tolerance'> {
  /** Stop when the largest dual gradient of a pass falls below this (liblinear's default for this solver: 0.1). */
  readonly tolerance?: number;
  /** At most this many passes over the rows. */
  readonly maxPasses?: number;
}

const MAX_INNER_STEPS = 100;
/** The Newton step's shrink factor when it would leave (0, C) (ξ in the paper). */
const ETA = 0.1;

/** xorshift32: a deterministic row order without a dependency. */
function shuffle(order: Uint32Array, seed: number): void {
  let state = seed >>> 0 || 1;
  for (let i = order.length - 1; i > 0; i--) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    const j = state % (i + 1);
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
}

/** Fits one binary problem: `positive[i]` says whether row i has the label. */
export function fitLogisticDual({ starts, indexes, values, columns }: SparseRows, positive: readonly boolean[], { c, balanced, tolerance = 0.1, maxPasses = 100 }: DualOptions): LinearModel {
  const n = starts.length - 1;
  const positives = positive.filter(Boolean).length;
  if (positives === 0 || positives === n) throw new Error('logistic regression needs rows with and without the label');
  const d = columns;
  // w[d] is the intercept's weight (its feature is 1 on every row).
  const w = new Float64Array(d + 1);
  const upper = Float64Array.from(positive, (p) => c * (balanced ? n / (2 * (p ? positives : n - positives)) : 1));
  const y = Int8Array.from(positive, (p) => (p ? 1 : -1));
  // α (for the row's own term) and C − α are both kept, as liblinear does, to avoid cancellation near C.
  const alpha = new Float64Array(n);
  const rest = new Float64Array(n);
  const squares = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const C = upper[i] as number;
    alpha[i] = Math.min(0.001 * C, 1e-8);
    rest[i] = C - (alpha[i] as number);
    let sq = 1;
    for (let k = starts[i] as number, end = starts[i + 1] as number; k < end; k++) {
      const v = values[k] as number;
      sq += v * v;
      const j = indexes[k] as number;
      w[j] = (w[j] as number) + (y[i] as number) * (alpha[i] as number) * v;
    }
    w[d] = (w[d] as number) + (y[i] as number) * (alpha[i] as number);
    squares[i] = sq;
  }
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  let innerTolerance = 1e-2;
  const innerMin = Math.min(1e-8, tolerance);
  for (let pass = 0; pass < maxPasses; pass++) {
    shuffle(order, 0x2545f491 + pass);
    let newtonSteps = 0;
    let largest = 0;
    for (let s = 0; s < n; s++) {
      const i = order[s] as number;
      const yi = y[i] as number;
      const C = upper[i] as number;
      const a = squares[i] as number;
      let margin = w[d] as number;
      for (let k = starts[i] as number, end = starts[i + 1] as number; k < end; k++) margin += (w[indexes[k] as number] as number) * (values[k] as number);
      const b = yi * margin;
      // Minimise over whichever of α and C − α keeps the Newton steps away from the bound.
      let useAlpha = true;
      let sign = 1;
      if (0.5 * a * ((rest[i] as number) - (alpha[i] as number)) + b < 0) {
        useAlpha = false;
        sign = -1;
      }
      const old = useAlpha ? (alpha[i] as number) : (rest[i] as number);
      let z = old;
      if (C - z < 0.5 * C) z *= 0.1;
      let gp = a * (z - old) + sign * b + Math.log(z / (C - z));
      largest = Math.max(largest, Math.abs(gp));
      let inner = 0;
      while (inner <= MAX_INNER_STEPS && Math.abs(gp) >= innerTolerance) {
        const gpp = a + C / (C - z) / z;
        const next = z - gp / gpp;
        z = next <= 0 ? z * ETA : next;
        gp = a * (z - old) + sign * b + Math.log(z / (C - z));
        newtonSteps++;
        inner++;
      }
      if (inner === 0) continue;
      if (useAlpha) {
        alpha[i] = z;
        rest[i] = C - z;
      } else {
        rest[i] = z;
        alpha[i] = C - z;
      }
      const step = sign * (z - old) * yi;
      for (let k = starts[i] as number, end = starts[i + 1] as number; k < end; k++) {
        const j = indexes[k] as number;
        w[j] = (w[j] as number) + step * (values[k] as number);
      }
      w[d] = (w[d] as number) + step;
    }
    if (largest < tolerance) break;
    if (newtonSteps <= n / 10) innerTolerance = Math.max(innerMin, 0.1 * innerTolerance);
  }
  return { weights: w.slice(0, d), bias: w[d] as number };
}
