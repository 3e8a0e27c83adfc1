/**
 * Isolation forest (Liu, Ting & Zhou 2008) as scikit-learn builds it: each tree grows on a subsample of
 * ψ points drawn without replacement, to depth ⌈log2 ψ⌉, splitting on a random feature (one that is not
 * constant in the node) at a threshold drawn uniformly between its minimum and maximum there; a point's
 * path length is its leaf depth plus c(points left in that leaf); its score is s(x) = 2^(−E[h(x)] / c(ψ)),
 * in (0, 1], near 1 for anomalies (scikit-learn's `score_samples` is −s).
 *
 * Written here rather than taken from the `isolation-forest` npm package, whose `fit` builds every tree
 * from the whole data set (the subsample it draws is unused), has no seed and cannot be saved; see
 * bench/RESULTS.md for its ROC-AUC and speed next to this one and scikit-learn. Trees are stored flat in
 * typed arrays (one set for the whole forest) so scoring allocates nothing and the model can be sent to
 * and from the training worker and saved without conversion.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { completeForest, leafBuffer, rankBatch, reachLeaves } from './complete-trees.js';
import { averagePathLength } from './path-length.js';

export interface ForestOptions {
  trees: number;
  /** ψ: points per tree (scikit-learn's max_samples), capped at the number of points. */
  sampleSize: number;
  seed: number;
}

/** A trained forest: node arrays for all trees, nodes of tree t start at roots[t]. */
export interface ForestModel {
  readonly features: number;
  readonly sampleSize: number;
  readonly roots: Int32Array;
  /** Split feature, or −1 for a leaf. */
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** For leaves: depth + c(points in the leaf). */
  readonly leafPath: Float64Array;
}

/** Fits on `rows` points of `features` values each, stored row after row in `data`. */
export function fitForest(data: Float64Array, rows: number, features: number, options: ForestOptions): ForestModel {
  if (rows < 1) throw new Error('cannot fit an isolation forest on no data');
  const rng = xoroshiro128plus(options.seed);
  const sampleSize = Math.min(options.sampleSize, rows);
  const maxDepth = Math.ceil(Math.log2(Math.max(sampleSize, 2)));
  const nodes = new NodeBuffer();
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

/** Mean path length of `row` (features values starting at `offset` of `data`) over all trees. */
export function meanPathLength(model: ForestModel, data: ArrayLike<number>, offset: number): number {
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

/** s(x) in (0, 1]: near 1 anomalous, about 0.5 or below normal. */
export function anomalyScore(model: ForestModel, data: ArrayLike<number>, offset = 0): number {
  return 2 ** (-meanPathLength(model, data, offset) / averagePathLength(model.sampleSize));
}

/** Children of every node interleaved (left at 2n, right at 2n + 1), built once per model for the node walk. */
const interleaved = new WeakMap<ForestModel, Int32Array>();

function childrenOf(model: ForestModel): Int32Array {
  let children = interleaved.get(model);
  if (children === undefined) {
    children = new Int32Array(model.left.length * 2);
    for (let i = 0; i < model.left.length; i++) {
      children[2 * i] = model.left[i] as number;
      children[2 * i + 1] = model.right[i] as number;
    }
    interleaved.set(model, children);
  }
  return children;
}

/** The leaf the row at `base` in `rows` reaches from `root` (children interleaved: left, right). */
function leafOf(children: Int32Array, feature: Int32Array, threshold: Float64Array, root: number, rows: ArrayLike<number>, base: number): number {
  let node = root;
  let f = feature[node] as number;
  while (f >= 0) {
    node = children[2 * node + ((rows[base + f] as number) <= (threshold[node] as number) ? 0 : 1)] as number;
    f = feature[node] as number;
  }
  return node;
}

/**
 * s(x) of `count` rows into `out`, tree by tree over all rows rather than row by row, so that each tree's
 * nodes stay in cache while the rows go through it.
 */
export function scoreBatch(model: ForestModel, rows: ArrayLike<number>, count: number, out: Float64Array): void {
  scoreTrees(model, rows, count, out, forEachTree);
}

/** scoreBatch always walking the nodes (the way deep trees are scored; a reference for the bench). */
export function walkBatch(model: ForestModel, rows: ArrayLike<number>, count: number, out: Float64Array): void {
  scoreTrees(model, rows, count, out, forEachTreeWalked);
}

type TreePass = (model: ForestModel, rows: ArrayLike<number>, count: number, visit: (leaves: Int32Array) => void) => void;

function scoreTrees(model: ForestModel, rows: ArrayLike<number>, count: number, out: Float64Array, eachTree: TreePass): void {
  const { leafPath } = model;
  out.fill(0, 0, count);
  eachTree(model, rows, count, (leaves) => {
    for (let r = 0; r < count; r++) out[r] = (out[r] as number) + (leafPath[leaves[r] as number] as number);
  });
  toScores(model, out, count);
}

/** Turns the summed path lengths in `out` into s(x) = 2^(−E[h(x)] / c(ψ)). */
function toScores(model: ForestModel, out: Float64Array, count: number): void {
  const scale = averagePathLength(model.sampleSize) * model.roots.length;
  for (let r = 0; r < count; r++) out[r] = 2 ** (-(out[r] as number) / scale);
}

/**
 * Calls `visit` once per tree, in order, with the leaf each row reaches in that tree: through the
 * complete-tree layout (complete-trees.ts, about 3x faster) unless the trees are too deep for it. The
 * leaves are valid during the call only.
 */
function forEachTree(model: ForestModel, rows: ArrayLike<number>, count: number, visit: (leaves: Int32Array) => void): void {
  const complete = completeForest(model);
  if (complete === undefined) {
    forEachTreeWalked(model, rows, count, visit);
    return;
  }
  const ranks = rankBatch(complete, rows, count);
  const leaves = leafBuffer(count);
  for (let t = 0; t < model.roots.length; t++) {
    reachLeaves(complete, ranks, count, t, leaves);
    visit(leaves);
  }
}

function forEachTreeWalked(model: ForestModel, rows: ArrayLike<number>, count: number, visit: (leaves: Int32Array) => void): void {
  const children = childrenOf(model);
  const { roots, feature, threshold, features } = model;
  const leaves = leafBuffer(count);
  for (let t = 0; t < roots.length; t++) {
    const root = roots[t] as number;
    for (let r = 0; r < count; r++) leaves[r] = leafOf(children, feature, threshold, root, rows, r * features);
    visit(leaves);
  }
}

/**
 * Per node (filled for leaves): the credit each feature gets from that tree when a point ends in the
 * leaf, that is how often the feature splits on the leaf's root path / the leaf's path length. It depends
 * on the tree alone, so it is computed once per model (Float32: shares are for display), and explaining a
 * point costs one walk per tree plus a few additions.
 */
const leafCredits = new WeakMap<ForestModel, Float32Array>();

function leafCreditOf(model: ForestModel): Float32Array {
  let table = leafCredits.get(model);
  if (table === undefined) {
    table = buildLeafCredit(model);
    leafCredits.set(model, table);
  }
  return table;
}

function buildLeafCredit(model: ForestModel): Float32Array {
  const { roots, feature, left, right, leafPath, features } = model;
  const stride = creditStride(features);
  const table = new Float32Array(feature.length * stride);
  const onPath = new Float64Array(features);
  const visit = (node: number): void => {
    const f = feature[node] as number;
    if (f < 0) {
      const weight = 1 / Math.max(1, leafPath[node] as number);
      for (let k = 0; k < features; k++) table[node * stride + k] = (onPath[k] as number) * weight;
      return;
    }
    onPath[f] = (onPath[f] as number) + 1;
    visit(left[node] as number);
    visit(right[node] as number);
    onPath[f] = (onPath[f] as number) - 1;
  };
  for (const root of roots) visit(root);
  return table;
}

/** A feature index and its share of the credit. */
export interface FeatureCredit {
  feature: number;
  share: number;
}

/**
 * Which features isolated each point fastest: every split on its path in every tree credits its feature
 * with 1 / (path length of that tree), so features that cut it off in short paths rank first. Returns,
 * per row, the `top` feature indexes with their share of the credit, best first (ties in feature order).
 */
export function explainBatch(model: ForestModel, rows: Float64Array, count: number, top: number): FeatureCredit[][] {
  return scoreAndExplainBatch(model, rows, count, new Float64Array(count), top);
}

/**
 * scoreBatch and explainBatch in one pass over the trees: s(x) into `out`, and the explanations returned.
 * It runs for every scored event. The trees are walked tree by tree over a block of rows, as in scoreBatch,
 * and the leaves each row reached are kept; then, row by row, the precomputed credit of those leaves
 * (leafCreditOf, eight features at a time) is summed in local variables, not in memory. Before: one walk
 * per point and tree with an array per path and a sort took 29 µs per event, half of the anomaly
 * processor's time on the main thread; scoring, then explaining in a second pass that added each leaf's
 * credit into a per-row array, cost twice what scoring alone does, this about 1.5 times (bench:anomaly).
 * One pass also means that a score and its explanation always come from the same model.
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
/** Reused by every call: safe because scoring is synchronous, like the layout's scratch buffers. */
let reachedScratch = new Int32Array(0);

/** Per leaf, credits are stored eight features at a time (zeros past the last feature). */
const creditStride = (features: number) => Math.ceil(features / 8) * 8;

/** s(x) of `count` rows into `out`, and their summed feature credits (creditStride per row). */
function scoreAndCredit(model: ForestModel, rows: ArrayLike<number>, count: number, out: Float64Array): Float64Array {
  const table = leafCreditOf(model);
  const { leafPath } = model;
  const stride = creditStride(model.features);
  const trees = model.roots.length;
  if (reachedScratch.length < trees * count) reachedScratch = new Int32Array(trees * count);
  const reached = reachedScratch;
  let tree = 0;
  forEachTree(model, rows, count, (leaves) => {
    reached.set(leaves.subarray(0, count), tree * count);
    tree++;
  });
  const credit = new Float64Array(count * stride);
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
  toScores(model, out, count);
  return credit;
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

/** explainBatch for the one point at `offset` in `data`. */
export function explain(model: ForestModel, data: ArrayLike<number>, offset: number, top: number): FeatureCredit[] {
  const row = Float64Array.from({ length: model.features }, (_, k) => data[offset + k] as number);
  return explainBatch(model, row, 1, top)[0] ?? [];
}

/** Growable node storage, trimmed to size by finish(). */
class NodeBuffer {
  private size = 0;
  private feature = new Int32Array(1024);
  private threshold = new Float64Array(1024);
  private left = new Int32Array(1024);
  private right = new Int32Array(1024);
  private leafPath = new Float64Array(1024);

  add(): number {
    if (this.size === this.feature.length) this.grow();
    this.feature[this.size] = -1;
    return this.size++;
  }

  leaf(node: number, pathLength: number): void {
    this.feature[node] = -1;
    this.leafPath[node] = pathLength;
  }

  split(node: number, feature: number, threshold: number, left: number, right: number): void {
    this.feature[node] = feature;
    this.threshold[node] = threshold;
    this.left[node] = left;
    this.right[node] = right;
  }

  finish(): Pick<ForestModel, 'feature' | 'threshold' | 'left' | 'right' | 'leafPath'> {
    return {
      feature: this.feature.slice(0, this.size),
      threshold: this.threshold.slice(0, this.size),
      left: this.left.slice(0, this.size),
      right: this.right.slice(0, this.size),
      leafPath: this.leafPath.slice(0, this.size),
    };
  }

  private grow(): void {
    const n = this.feature.length * 2;
    const copy = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.feature = copy(this.feature, (k) => new Int32Array(k));
    this.threshold = copy(this.threshold, (k) => new Float64Array(k));
    this.left = copy(this.left, (k) => new Int32Array(k));
    this.right = copy(this.right, (k) => new Int32Array(k));
    this.leafPath = copy(this.leafPath, (k) => new Float64Array(k));
  }
}
