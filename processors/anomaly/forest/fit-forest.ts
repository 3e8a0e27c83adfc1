/**
 * Fits an isolation forest (Liu, Ting & Zhou 2008) as scikit-learn builds it: each tree grows on a
 * subsample of ψ points drawn without replacement, to depth ⌈log2 ψ⌉, splitting on a random feature (one
 * that is not constant in the node) at a threshold drawn uniformly between its minimum and maximum there; a
 * point's path length is its leaf depth plus c(points left in that leaf); its score is
 * s(x) = 2^(−E[h(x)] / c(ψ)), in (0, 1], near 1 for anomalies (scikit-learn's `score_samples` is −s).
 *
 * Written here rather than taken from the `isolation-forest` npm package, whose `fit` builds every tree
 * from the whole data set (the subsample it draws is unused), has no seed and cannot be saved (compared in
 * bench/RESULTS.md).
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { ForestModel } from './forest-model.js';
import { NodeBuffer } from './node-buffer.js';
import { averagePathLength } from './path-length.js';

export interface ForestOptions {
  trees: number;
  /** ψ: points per tree (scikit-learn's max_samples), capped at the number of points. */
  sampleSize: number;
  seed: number;
}

/** Why a fit on no rows fails; ForestTrainer gives it the code ANOMALY_NO_DATA. */
export const NO_DATA = 'cannot fit an isolation forest on no data';

/**
 * Fits on `rows` points of `features` values each, stored row after row in `data`. This module imports
 * nothing from the agent because the training worker loads it (the kit would add about 170 ms and 15 MiB
 * to the worker), so the agent's fits are checked for rows in ForestTrainer, which has the error codes.
 */
export function fitForest(data: Float64Array, rows: number, features: number, options: ForestOptions): ForestModel {
  if (rows < 1) throw new Error(NO_DATA);
  const rng = xoroshiro128plus(options.seed);
  const sampleSize = Math.min(options.sampleSize, rows);
  const maxDepth = Math.ceil(Math.log2(Math.max(sampleSize, 2)));
  // A tree over n points has at most 2n − 1 nodes: sized up front, the training worker copies nothing as
  // the forest grows (and leaves less garbage behind between fits).
  const nodes = new NodeBuffer(options.trees * (2 * sampleSize - 1));
  const roots = new Int32Array(options.trees);
  const all = new Int32Array(rows);
  for (let i = 0; i < rows; i++) all[i] = i;
  const sample = new Int32Array(sampleSize);
  for (let t = 0; t < options.trees; t++) {
    // Partial Fisher–Yates: the first sampleSize entries become a sample without replacement.
    for (let i = 0; i < sampleSize; i++) {
      const j = uniformInt(rng, i, rows - 1);
      const swap = all[i] as number;
      all[i] = all[j] as number;
      all[j] = swap;
      sample[i] = all[i] as number;
    }
    roots[t] = growTree(data, features, sample.slice(), maxDepth, rng, nodes);
  }
  return { features, sampleSize, roots, ...nodes.finish() };
}

function growTree(data: Float64Array, features: number, indexes: Int32Array, maxDepth: number, rng: ReturnType<typeof xoroshiro128plus>, nodes: NodeBuffer): number {
  const root = nodes.add();
  // Iterative: a stack of (node, start, end, depth) over one shared index array partitioned in place.
  const stack: number[] = [root, 0, indexes.length, 0];
  const candidates = new Int32Array(features);
  while (stack.length > 0) {
    const depth = stack.pop() as number;
    const end = stack.pop() as number;
    const start = stack.pop() as number;
    const node = stack.pop() as number;
    const count = end - start;
    if (depth >= maxDepth || count <= 1) {
      nodes.leaf(node, depth + averagePathLength(count));
      continue;
    }
    // A random feature among those not constant here, as scikit-learn's random splitter does.
    for (let f = 0; f < features; f++) candidates[f] = f;
    let remaining = features;
    let feature = -1;
    let low = 0;
    let high = 0;
    while (remaining > 0) {
      const pick = uniformInt(rng, 0, remaining - 1);
      const f = candidates[pick] as number;
      candidates[pick] = candidates[remaining - 1] as number;
      remaining--;
      low = Number.POSITIVE_INFINITY;
      high = Number.NEGATIVE_INFINITY;
      for (let i = start; i < end; i++) {
        const v = data[(indexes[i] as number) * features + f] as number;
        if (v < low) low = v;
        if (v > high) high = v;
      }
      if (high > low) {
        feature = f;
        break;
      }
    }
    if (feature < 0) {
      nodes.leaf(node, depth + averagePathLength(count));
      continue;
    }
    let threshold = low + uniformFloat64(rng) * (high - low);
    if (threshold <= low) threshold = (low + high) / 2; // a draw of exactly 0 would leave the left side empty
    // Partition: values <= threshold go left (scikit-learn's convention).
    let i = start;
    let j = end - 1;
    while (i <= j) {
      if ((data[(indexes[i] as number) * features + feature] as number) <= threshold) i++;
      else {
        const swap = indexes[i] as number;
        indexes[i] = indexes[j] as number;
        indexes[j] = swap;
        j--;
      }
    }
    const left = nodes.add();
    const right = nodes.add();
    nodes.split(node, feature, threshold, left, right);
    stack.push(left, start, i, depth + 1, right, i, end, depth + 1);
  }
  return root;
}
