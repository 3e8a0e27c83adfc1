/**
 * The node walk over a forest for a batch of rows: for each tree in turn, the leaf every row reaches. Tree by
 * tree rather than row by row, so that each tree's nodes stay in cache while the rows go through it. Used for
 * trees too deep for the complete-tree layout (complete-trees.ts, walked by forest-kernel.ts), which scores and
 * explains all others, and where WebAssembly is unavailable.
 */
import type { ForestModel } from './forest-model.js';

/** Calls `visit` once per tree, in order, with the leaf each of `count` rows reaches in it (valid during the call only). */
export type TreePass = (model: ForestModel, rows: ArrayLike<number>, count: number, visit: (leaves: Int32Array) => void) => void;

/** Reused between calls (scoring is synchronous), grown to the largest batch seen. */
let leafScratch = new Int32Array(0);

/** Room for one leaf per row; valid until the next call. */
function leafBuffer(count: number): Int32Array {
  if (leafScratch.length < count) leafScratch = new Int32Array(count);
  return leafScratch;
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

/** A TreePass walking the nodes from each root. */
export function forEachTreeWalked(model: ForestModel, rows: ArrayLike<number>, count: number, visit: (leaves: Int32Array) => void): void {
  const children = childrenOf(model);
  const { roots, feature, threshold, features } = model;
  const leaves = leafBuffer(count);
  for (let t = 0; t < roots.length; t++) {
    const root = roots[t] as number;
    for (let r = 0; r < count; r++) leaves[r] = leafOf(children, feature, threshold, root, rows, r * features);
    visit(leaves);
  }
}
