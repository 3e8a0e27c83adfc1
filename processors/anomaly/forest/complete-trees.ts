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
 * - a node's feature and threshold rank share one Int32 (one load per step), and four walks go down side by
 *   side so that the CPU overlaps their loads: four rows through a tree, or, for the rows of a batch left
 *   over (a batch of one event), one row through four trees; the binary searches of four rows likewise;
 * - a batch walks each tree through a view of its own nodes indexed by that number, with no per-tree
 *   offset to add at every step (a tenth less time per row and tree than with one, bench/RESULTS.md);
 * - scoring adds each bottom position's path length (depth + c(n), copied out per position) straight into
 *   the row's sum, with no list of leaves in between.
 *
 * The scores are the node walk's to the last bit (leaf values are added in the same order, tree by tree),
 * at 2.5–3 times its speed (bench/RESULTS.md). Trees deeper than MAX_DEPTH (ψ above 4096) would take too
 * much memory padded out (2^D entries per tree): those models keep the node walk.
 */
import type { ForestModel } from './forest-model.js';

const MAX_DEPTH = 12;

interface CompleteForest {
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
  /** Tree t's part of `nodes`, for walks that index it by node number. */
  readonly treeNodes: readonly Int32Array[];
  readonly shift: number;
  /** Per tree, 2^depth leaf positions (the node number reached − 2^depth): the model's leaf the position stands for (0 where no row can arrive). */
  readonly leafNode: Int32Array;
  /** The same positions' path lengths (the leaf's depth + c(n)), so that scoring reads one array. */
  readonly leafValue: Float64Array;
  /** Tree t's part of `leafValue`. */
  readonly treeLeafValues: readonly Float64Array[];
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
  const treeNodes = Array.from(roots, (_, t) => nodes.subarray(t * stride, (t + 1) * stride));
  const treeLeafValues = Array.from(roots, (_, t) => leafValue.subarray(t * stride, (t + 1) * stride));
  return { trees: roots.length, depth, width, stride, nodes, treeNodes, shift, leafNode, leafValue, treeLeafValues, cuts, span };
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
 * The number of the feature's thresholds below `value` (`first`: where the feature's `span` cuts start):
 * a threshold's own rank is its index, and a row's value goes right exactly where its rank is above the
 * node's. Fixed steps; `+!(a <= b)` compiles to a flag, not a branch. "Not at most" rather than "above" so
 * that NaN, at most nothing, ranks above every threshold and goes right, as in the node walk.
 */
function rankOf(cuts: Float64Array, first: number, span: number, value: number): number {
  let below = 0;
  for (let step = span >> 1; step > 0; step >>= 1) below += step & -+!(value <= (cuts[first + below + step - 1] as number));
  return below + +!(value <= (cuts[first + below] as number));
}

/**
 * Rows to ranks, shifted to compare with nodes. Four rows' searches in the same feature run side by side:
 * each search is a chain of dependent loads, and one at a time they took a sixth of the scoring time.
 */
function rankRows(forest: CompleteForest, rows: ArrayLike<number>, count: number, out: Int32Array): void {
  const { cuts, span, width, shift } = forest;
  const groups = count - (count % 4);
  for (let f = 0; f < width; f++) {
    const first = f * span;
    for (let r = 0; r < groups; r += 4) {
      const at0 = r * width + f;
      const at1 = at0 + width;
      const at2 = at1 + width;
      const at3 = at2 + width;
      const x0 = rows[at0] as number;
      const x1 = rows[at1] as number;
      const x2 = rows[at2] as number;
      const x3 = rows[at3] as number;
      let c0 = first;
      let c1 = first;
      let c2 = first;
      let c3 = first;
      for (let step = span >> 1; step > 0; step >>= 1) {
        c0 += step & -+!(x0 <= (cuts[c0 + step - 1] as number));
        c1 += step & -+!(x1 <= (cuts[c1 + step - 1] as number));
        c2 += step & -+!(x2 <= (cuts[c2 + step - 1] as number));
        c3 += step & -+!(x3 <= (cuts[c3 + step - 1] as number));
      }
      out[at0] = (c0 - first + +!(x0 <= (cuts[c0] as number))) << shift;
      out[at1] = (c1 - first + +!(x1 <= (cuts[c1] as number))) << shift;
      out[at2] = (c2 - first + +!(x2 <= (cuts[c2] as number))) << shift;
      out[at3] = (c3 - first + +!(x3 <= (cuts[c3] as number))) << shift;
    }
    for (let r = groups; r < count; r++) out[r * width + f] = rankOf(cuts, first, span, rows[r * width + f] as number) << shift;
  }
}

/** Reused between calls (scoring is synchronous), grown to the largest batch seen. */
let rankScratch = new Int32Array(0);
let leafScratch = new Int32Array(0);

/** The ranks of a batch of rows, for reachLeaves; valid until the next call. */
export function rankBatch(forest: CompleteForest, rows: ArrayLike<number>, count: number): Int32Array {
  if (rankScratch.length < count * forest.width) rankScratch = new Int32Array(count * forest.width);
  rankRows(forest, rows, count, rankScratch);
  return rankScratch;
}

/** Room for one leaf per row, for reachLeaves; valid until the next call. */
export function leafBuffer(count: number): Int32Array {
  if (leafScratch.length < count) leafScratch = new Int32Array(count);
  return leafScratch;
}

/** The leaf (the model's node) each of `count` ranked rows reaches in `tree`, into `out` from `offset`. */
export function reachLeaves(forest: CompleteForest, ranks: Int32Array, count: number, tree: number, out: Int32Array, offset = 0): void {
  const { depth, width, leafNode, stride } = forest;
  const nodes = forest.treeNodes[tree] as Int32Array;
  const leafBase = tree * stride - stride;
  const mask = (1 << forest.shift) - 1;
  const groups = count - (count % 4);
  for (let r = 0; r < groups; r += 4) {
    const b0 = r * width;
    const b1 = b0 + width;
    const b2 = b1 + width;
    const b3 = b2 + width;
    let i0 = 1;
    let i1 = 1;
    let i2 = 1;
    let i3 = 1;
    for (let d = 0; d < depth; d++) {
      const n0 = nodes[i0] as number;
      const n1 = nodes[i1] as number;
      const n2 = nodes[i2] as number;
      const n3 = nodes[i3] as number;
      // 1 when the row's rank is above the node's (x > threshold: go right), from the sign bit.
      i0 = 2 * i0 + ((n0 - (ranks[b0 + (n0 & mask)] as number)) >>> 31);
      i1 = 2 * i1 + ((n1 - (ranks[b1 + (n1 & mask)] as number)) >>> 31);
      i2 = 2 * i2 + ((n2 - (ranks[b2 + (n2 & mask)] as number)) >>> 31);
      i3 = 2 * i3 + ((n3 - (ranks[b3 + (n3 & mask)] as number)) >>> 31);
    }
    out[offset + r] = leafNode[leafBase + i0] as number;
    out[offset + r + 1] = leafNode[leafBase + i1] as number;
    out[offset + r + 2] = leafNode[leafBase + i2] as number;
    out[offset + r + 3] = leafNode[leafBase + i3] as number;
  }
  for (let r = groups; r < count; r++) {
    const b = r * width;
    let i = 1;
    for (let d = 0; d < depth; d++) {
      const n = nodes[i] as number;
      i = 2 * i + ((n - (ranks[b + (n & mask)] as number)) >>> 31);
    }
    out[offset + r] = leafNode[leafBase + i] as number;
  }
}

/**
 * Adds to out[r], tree after tree, the path length each of `count` ranked rows reaches (out starts at 0
 * for a score: the sums are then the node walk's, in the same order). Rows go four at a time through each
 * tree; the rows left over (all of them in a batch of fewer than four) go through four trees at a time.
 * The walk is reachLeaves's written out again: scoring through leaves handed over per tree cost four times
 * the walk itself (bench/RESULTS.md, "What changed in the hot loop").
 */
export function sumPathLengths(forest: CompleteForest, ranks: Int32Array, count: number, out: Float64Array): void {
  const { trees, depth, width, stride, treeNodes, treeLeafValues } = forest;
  const mask = (1 << forest.shift) - 1;
  const groups = count - (count % 4);
  for (let t = 0; t < trees; t++) {
    const nodes = treeNodes[t] as Int32Array;
    const leafValue = treeLeafValues[t] as Float64Array;
    for (let r = 0; r < groups; r += 4) {
      const b0 = r * width;
      const b1 = b0 + width;
      const b2 = b1 + width;
      const b3 = b2 + width;
      let i0 = 1;
      let i1 = 1;
      let i2 = 1;
      let i3 = 1;
      for (let d = 0; d < depth; d++) {
        const n0 = nodes[i0] as number;
        const n1 = nodes[i1] as number;
        const n2 = nodes[i2] as number;
        const n3 = nodes[i3] as number;
        i0 = 2 * i0 + ((n0 - (ranks[b0 + (n0 & mask)] as number)) >>> 31);
        i1 = 2 * i1 + ((n1 - (ranks[b1 + (n1 & mask)] as number)) >>> 31);
        i2 = 2 * i2 + ((n2 - (ranks[b2 + (n2 & mask)] as number)) >>> 31);
        i3 = 2 * i3 + ((n3 - (ranks[b3 + (n3 & mask)] as number)) >>> 31);
      }
      out[r] = (out[r] as number) + (leafValue[i0 - stride] as number);
      out[r + 1] = (out[r + 1] as number) + (leafValue[i1 - stride] as number);
      out[r + 2] = (out[r + 2] as number) + (leafValue[i2 - stride] as number);
      out[r + 3] = (out[r + 3] as number) + (leafValue[i3 - stride] as number);
    }
  }
  for (let r = groups; r < count; r++) out[r] = (out[r] as number) + rowPathLength(forest, ranks, r * width);
}

/** The path lengths of the ranked row at `b` summed over all trees in order, four trees side by side. */
function rowPathLength(forest: CompleteForest, ranks: Int32Array, b: number): number {
  const { trees, stride, leafValue } = forest;
  const quads = trees - (trees % 4);
  let sum = 0;
  for (let t = 0; t < quads; t += 4) {
    fourTrees(forest, ranks, b, t);
    // Tree t's leaf positions start at t × stride; the node number reached runs from stride to 2 stride − 1.
    const leaf0 = t * stride - stride;
    sum += leafValue[leaf0 + (quad[0] as number)] as number;
    sum += leafValue[leaf0 + stride + (quad[1] as number)] as number;
    sum += leafValue[leaf0 + 2 * stride + (quad[2] as number)] as number;
    sum += leafValue[leaf0 + 3 * stride + (quad[3] as number)] as number;
  }
  for (let t = quads; t < trees; t++) sum += leafValue[t * stride - stride + oneTree(forest, ranks, b, t)] as number;
  return sum;
}

/** fourTrees' results: a scratch array rather than a new one per call (scoring is synchronous). */
const quad = new Int32Array(4);

/** The node numbers (stride .. 2 stride − 1) the ranked row at `b` reaches in trees t .. t + 3, into `quad`. */
function fourTrees(forest: CompleteForest, ranks: Int32Array, b: number, t: number): void {
  const { depth, nodes, stride } = forest;
  const mask = (1 << forest.shift) - 1;
  const a0 = t * stride;
  const a1 = a0 + stride;
  const a2 = a1 + stride;
  const a3 = a2 + stride;
  let i0 = 1;
  let i1 = 1;
  let i2 = 1;
  let i3 = 1;
  for (let d = 0; d < depth; d++) {
    const n0 = nodes[a0 + i0] as number;
    const n1 = nodes[a1 + i1] as number;
    const n2 = nodes[a2 + i2] as number;
    const n3 = nodes[a3 + i3] as number;
    i0 = 2 * i0 + ((n0 - (ranks[b + (n0 & mask)] as number)) >>> 31);
    i1 = 2 * i1 + ((n1 - (ranks[b + (n1 & mask)] as number)) >>> 31);
    i2 = 2 * i2 + ((n2 - (ranks[b + (n2 & mask)] as number)) >>> 31);
    i3 = 2 * i3 + ((n3 - (ranks[b + (n3 & mask)] as number)) >>> 31);
  }
  quad[0] = i0;
  quad[1] = i1;
  quad[2] = i2;
  quad[3] = i3;
}

/** The node number (stride .. 2 stride − 1) the ranked row at `b` reaches in tree t. */
function oneTree(forest: CompleteForest, ranks: Int32Array, b: number, t: number): number {
  const { depth, nodes, stride } = forest;
  const mask = (1 << forest.shift) - 1;
  const a = t * stride;
  let i = 1;
  for (let d = 0; d < depth; d++) {
    const n = nodes[a + i] as number;
    i = 2 * i + ((n - (ranks[b + (n & mask)] as number)) >>> 31);
  }
  return i;
}

/**
 * The leaf (the model's node) each of `count` ranked rows reaches in every tree: out[t × count + r]. For
 * explanations, which need the leaves and not only their path lengths; walked as sumPathLengths walks.
 */
export function reachAllLeaves(forest: CompleteForest, ranks: Int32Array, count: number, out: Int32Array): void {
  const { trees, width, leafNode, stride } = forest;
  const groups = count - (count % 4);
  if (groups > 0) for (let t = 0; t < trees; t++) reachLeaves(forest, ranks, groups, t, out, t * count);
  const quads = trees - (trees % 4);
  for (let r = groups; r < count; r++) {
    const b = r * width;
    for (let t = 0; t < quads; t += 4) {
      fourTrees(forest, ranks, b, t);
      const leaf0 = t * stride - stride;
      out[t * count + r] = leafNode[leaf0 + (quad[0] as number)] as number;
      out[(t + 1) * count + r] = leafNode[leaf0 + stride + (quad[1] as number)] as number;
      out[(t + 2) * count + r] = leafNode[leaf0 + 2 * stride + (quad[2] as number)] as number;
      out[(t + 3) * count + r] = leafNode[leaf0 + 3 * stride + (quad[3] as number)] as number;
    }
    for (let t = quads; t < trees; t++) out[t * count + r] = leafNode[t * stride - stride + oneTree(forest, ranks, b, t)] as number;
  }
}
