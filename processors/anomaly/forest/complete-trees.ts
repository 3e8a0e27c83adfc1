/**
 * The forest laid out again for scoring batches without a single branch that depends on the data. Walking
 * the trees node by node (tree-passes.ts) spends most of its time in mispredicted branches: each split
 * sends a row left or right at random, and the loop ends at a depth that differs from row to row. Here:
 *
 * - every tree becomes a complete binary tree of its height D (⌈log2 ψ⌉ = 8 for ψ = 256): a leaf above
 *   depth D is continued by pass-through nodes that always go left, so every row takes exactly D steps;
 *   numbered from 1 as in a binary heap, node i's children are 2i and 2i + 1, and the number reached
 *   (2^D .. 2^(D+1) − 1) names the leaf;
 * - thresholds become integer ranks: per feature, the sorted distinct thresholds of the whole forest. A
 *   row's value is replaced once (not once per node) by the number of thresholds below it, found by a
 *   binary search with a fixed number of steps; then x > threshold ⇔ rank(x) > rank(threshold), an
 *   integer comparison whose sign bit gives the step without a branch;
 * - a node's feature and threshold rank share one Int32 (one load per step);
 * - each bottom position's path length (depth + c(n)) is copied out per position, so that scoring adds it
 *   straight into the row's sum, with no list of leaves in between.
 *
 * forest-kernel.ts walks this layout (in WebAssembly); the scores are the node walk's to the last bit (leaf
 * values are added in the same order, tree by tree), at about 6 times its speed for batches of 256
 * (bench/RESULTS.md, "The whole anomaly bench afterwards"). Trees deeper than MAX_DEPTH (ψ above 4096) would
 * take too much memory padded out (2^D entries per tree): those models keep the node walk.
 */
import type { ForestModel } from './forest-model.js';

const MAX_DEPTH = 12;

export interface CompleteForest {
  readonly trees: number;
  /** Steps from root to leaf, the same for every tree. */
  readonly depth: number;
  readonly width: number;
  /** 2^depth: each tree's share of `nodes`, and its number of leaf positions. */
  readonly stride: number;
  /**
   * Per tree, `stride` entries: unused, then its 2^depth − 1 nodes in breadth-first order, so that node i
   * (from 1) is at i: (threshold rank << shift) | feature.
   */
  readonly nodes: Int32Array;
  readonly shift: number;
  /** Per tree, 2^depth leaf positions (the node number reached − 2^depth): the model's leaf the position stands for (0 where no row can arrive). */
  readonly leafNode: Int32Array;
  /** The same positions' path lengths (the leaf's depth + c(n)), so that scoring reads one array. */
  readonly leafValue: Float64Array;
  /** Per feature, `span` entries: its distinct thresholds in ascending order, then +Infinity. */
  readonly cuts: Float64Array;
  readonly span: number;
}

const layouts = new WeakMap<ForestModel, CompleteForest | null>();

/** The complete-tree layout of `model`, built once per model; undefined for trees too deep to pad. */
export function completeForest(model: ForestModel): CompleteForest | undefined {
  let layout = layouts.get(model);
  if (layout === undefined) {
    layout = build(model) ?? null;
    layouts.set(model, layout);
  }
  return layout ?? undefined;
}

function build(model: ForestModel): CompleteForest | undefined {
  const { roots, feature, threshold, left, right, features: width } = model;
  const depth = Math.max(0, ...Array.from(roots, (root) => heightOf(model, root)));
  if (depth > MAX_DEPTH) return undefined;
  const { cuts, span } = thresholdCuts(model);
  const shift = Math.max(1, Math.ceil(Math.log2(width)));
  // A pass-through node holds a rank no row's rank exceeds (a value's rank is at most `span`): always left.
  const passThrough = span << shift;
  if (passThrough >= 2 ** 31) return undefined;
  const stride = 1 << depth;
  const nodes = new Int32Array(roots.length * stride).fill(passThrough);
  const leafNode = new Int32Array(roots.length * stride);
  const place = (t: number, node: number, number: number, level: number): void => {
    const f = feature[node] as number;
    if (f < 0) {
      // Pass-through nodes below a leaf always go left: the leaf lands on its leftmost descendant.
      leafNode[t * stride + number * 2 ** (depth - level) - stride] = node;
      return;
    }
    nodes[t * stride + number] = (rankOf(cuts, f * span, span, threshold[node] as number) << shift) | f;
    place(t, left[node] as number, 2 * number, level + 1);
    place(t, right[node] as number, 2 * number + 1, level + 1);
  };
  roots.forEach((root, t) => place(t, root, 1, 0));
  const leafValue = Float64Array.from(leafNode, (node) => model.leafPath[node] as number);
  return { trees: roots.length, depth, width, stride, nodes, shift, leafNode, leafValue, cuts, span };
}

function heightOf(model: ForestModel, root: number): number {
  let height = 0;
  const stack = [root, 0];
  while (stack.length > 0) {
    const level = stack.pop() as number;
    const node = stack.pop() as number;
    if ((model.feature[node] as number) < 0) height = Math.max(height, level);
    else stack.push(model.left[node] as number, level + 1, model.right[node] as number, level + 1);
  }
  return height;
}

/** Sorted distinct thresholds per feature, padded with +Infinity to a common power-of-two span. */
function thresholdCuts(model: ForestModel): { cuts: Float64Array; span: number } {
  const counts = new Int32Array(model.features);
  for (const f of model.feature) if (f >= 0) counts[f] = (counts[f] as number) + 1;
  const sorted = Array.from(counts, (n) => new Float64Array(n));
  counts.fill(0);
  model.feature.forEach((f, node) => {
    if (f < 0) return;
    (sorted[f] as Float64Array)[counts[f] as number] = model.threshold[node] as number;
    counts[f] = (counts[f] as number) + 1;
  });
  const distinct = sorted.map((values) => {
    values.sort();
    let n = 0;
    for (let i = 0; i < values.length; i++) if (i === 0 || values[i] !== values[n - 1]) values[n++] = values[i] as number;
    return values.subarray(0, n);
  });
  let span = 1;
  while (distinct.some((s) => s.length >= span)) span *= 2;
  const cuts = new Float64Array(span * model.features).fill(Number.POSITIVE_INFINITY);
  distinct.forEach((s, f) => cuts.set(s, f * span));
  return { cuts, span };
}

/**
 * The number of the feature's thresholds below `value` (`first`: where the feature's `span` cuts start): a
 * threshold's own rank is its index. The kernel ranks a row's values the same way (forest-kernel.wat), and a
 * value goes right exactly where its rank is above the node's.
 */
function rankOf(cuts: Float64Array, first: number, span: number, value: number): number {
  let below = 0;
  for (let step = span >> 1; step > 0; step >>= 1) below += step & -+!(value <= (cuts[first + below + step - 1] as number));
  return below + +!(value <= (cuts[first + below] as number));
}
