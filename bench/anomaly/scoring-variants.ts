/**
 * Ways of scoring and explaining with the anomaly processor's isolation forest that the processor itself
 * does not use: one row at a time, the node walk whatever the model's depth, explanations without scores.
 * bench/anomaly-eval.ts compares them with the processor's batch scoring, and tests use them as references.
 */
import type { ForestModel } from '../../processors/anomaly/forest/forest-model.js';
import { scoreAndExplainBatch, type FeatureCredit } from '../../processors/anomaly/forest/explanations.js';
import { averagePathLength } from '../../processors/anomaly/forest/path-length.js';
import { scoreTrees } from '../../processors/anomaly/forest/scoring.js';
import { forEachTreeWalked } from '../../processors/anomaly/forest/tree-passes.js';

/** Mean path length of the row whose values start at `offset` of `data`, over all trees. */
function meanPathLength(model: ForestModel, data: ArrayLike<number>, offset: number): number {
  const { roots, feature, threshold, left, right, leafPath } = model;
  let total = 0;
  for (let t = 0; t < roots.length; t++) {
    let node = roots[t] as number;
    let f = feature[node] as number;
    while (f >= 0) {
      node = (data[offset + f] as number) <= (threshold[node] as number) ? (left[node] as number) : (right[node] as number);
      f = feature[node] as number;
    }
    total += leafPath[node] as number;
  }
  return total / roots.length;
}

/** s(x) of one row, in (0, 1]: near 1 anomalous, about 0.5 or below normal. */
export function anomalyScore(model: ForestModel, data: ArrayLike<number>, offset = 0): number {
  return 2 ** (-meanPathLength(model, data, offset) / averagePathLength(model.sampleSize));
}

/** scoreBatch always walking the nodes (the way trees too deep for the complete-tree layout are scored). */
export function walkBatch(model: ForestModel, rows: ArrayLike<number>, count: number, out: Float64Array): void {
  scoreTrees(model, rows, count, out, forEachTreeWalked);
}

/**
 * The explanations of scoreAndExplainBatch alone: per row, the `top` feature indexes with their share of
 * the credit, best first (ties in feature order).
 */
export function explainBatch(model: ForestModel, rows: Float64Array, count: number, top: number): FeatureCredit[][] {
  return scoreAndExplainBatch(model, rows, count, new Float64Array(count), top);
}

/** explainBatch for the one point at `offset` in `data`. */
export function explain(model: ForestModel, data: ArrayLike<number>, offset: number, top: number): FeatureCredit[] {
  const row = Float64Array.from({ length: model.features }, (_, k) => data[offset + k] as number);
  return explainBatch(model, row, 1, top)[0] ?? [];
}
