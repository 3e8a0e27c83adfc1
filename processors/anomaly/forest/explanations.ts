/**
 * Which features isolated each point fastest: every split on its path in every tree credits its feature
 * with 1 / (path length of that tree), so features that cut it off in short paths rank first. Returns,
 * per row, the `top` feature indexes with their share of the credit, best first (ties in feature order).
 */
import type { ForestModel } from './forest-model.js';
import { creditStride, leafCreditOf } from './leaf-credits.js';
import { toScores } from './scoring.js';
import { kernelFor } from './forest-kernel.js';
import { forEachTreeWalked } from './tree-passes.js';

/** A feature index and its share of the credit. */
export interface FeatureCredit {
  feature: number;
  share: number;
}

/**
 * s(x) of `count` rows into `out`, and their explanations returned, from one pass over the trees: this runs
 * for every scored event, and a score and its explanation then always come from the same model. The leaves
 * each row of a block reaches are kept, and each row sums their precomputed credit (leafCreditOf): in the
 * forest kernel (forest-kernel.wat, half the time of the same loop in JavaScript), or below for the node walk.
 */
export function scoreAndExplainBatch(model: ForestModel, rows: Float64Array, count: number, out: Float64Array, top: number): FeatureCredit[][] {
  const result: FeatureCredit[][] = [];
  for (let first = 0; first < count; first += EXPLAIN_BLOCK) {
    const size = Math.min(EXPLAIN_BLOCK, count - first);
    const credit = scoreAndCredit(model, rows.subarray(first * model.features), size, out.subarray(first));
    for (const row of bestCredits(credit, size, model.features, creditStride(model.features), top)) result.push(row);
  }
  return result;
}

/** Rows per block: the leaves they reach in every tree are kept (100 trees: 400 KiB). */
const EXPLAIN_BLOCK = 1024;
/** The node walk's leaves, reused by every call: safe because scoring is synchronous. */
let reachedScratch = new Int32Array(0);

/** s(x) of `count` rows into `out`, and their summed feature credits (creditStride per row). */
function scoreAndCredit(model: ForestModel, rows: ArrayLike<number>, count: number, out: Float64Array): Float64Array {
  const table = leafCreditOf(model);
  const credit = new Float64Array(count * creditStride(model.features));
  const kernel = kernelFor(model);
  if (kernel !== undefined) kernel.scoreAndCredit(rows, count, table, model.leafPath, out, credit);
  else walkAndCredit(model, rows, count, table, out, credit);
  toScores(model, out, count);
  return credit;
}

/**
 * scoreAndCredit by the node walk (trees too deep for the complete-tree layout, or no WebAssembly): the
 * leaves each row reaches in every tree are kept, and each row sums their precomputed credit eight features
 * at a time in local variables rather than in memory, as the kernel does. Exported for the tests, which
 * compare the kernel's sums with these.
 */
export function walkAndCredit(model: ForestModel, rows: ArrayLike<number>, count: number, table: Float32Array, out: Float64Array, credit: Float64Array): void {
  const { leafPath } = model;
  const stride = creditStride(model.features);
  const trees = model.roots.length;
  if (reachedScratch.length < trees * count) reachedScratch = new Int32Array(trees * count);
  const reached = reachedScratch;
  let tree = 0;
  forEachTreeWalked(model, rows, count, (leaves) => {
    reached.set(leaves.subarray(0, count), tree * count);
    tree++;
  });
  for (let r = 0; r < count; r++) {
    let path = 0;
    for (let t = 0; t < trees; t++) path += leafPath[reached[t * count + r] as number] as number;
    out[r] = path;
    for (let chunk = 0; chunk < stride; chunk += 8) {
      let c0 = 0;
      let c1 = 0;
      let c2 = 0;
      let c3 = 0;
      let c4 = 0;
      let c5 = 0;
      let c6 = 0;
      let c7 = 0;
      for (let t = 0; t < trees; t++) {
        const at = (reached[t * count + r] as number) * stride + chunk;
        c0 += table[at] as number;
        c1 += table[at + 1] as number;
        c2 += table[at + 2] as number;
        c3 += table[at + 3] as number;
        c4 += table[at + 4] as number;
        c5 += table[at + 5] as number;
        c6 += table[at + 6] as number;
        c7 += table[at + 7] as number;
      }
      const base = r * stride + chunk;
      credit[base] = c0;
      credit[base + 1] = c1;
      credit[base + 2] = c2;
      credit[base + 3] = c3;
      credit[base + 4] = c4;
      credit[base + 5] = c5;
      credit[base + 6] = c6;
      credit[base + 7] = c7;
    }
  }
}

/** Per row of `credit` (`stride` apart, the first `width` used; consumed): the `top` features with the most, and their shares. */
function bestCredits(credit: Float64Array, count: number, width: number, stride: number, top: number): FeatureCredit[][] {
  const result: FeatureCredit[][] = [];
  const picks = Math.min(top, width);
  for (let r = 0; r < count; r++) {
    const base = r * stride;
    let sum = 0;
    for (let k = 0; k < width; k++) sum += credit[base + k] as number;
    if (sum === 0) sum = 1;
    const best: FeatureCredit[] = [];
    for (let k = 0; k < picks; k++) {
      let pick = -1;
      for (let i = 0; i < width; i++) {
        const c = credit[base + i] as number;
        if (c < 0) continue; // taken
        if (pick < 0 || c > (credit[base + pick] as number)) pick = i;
      }
      best.push({ feature: pick, share: (credit[base + pick] as number) / sum });
      credit[base + pick] = -1;
    }
    result.push(best);
  }
  return result;
}
