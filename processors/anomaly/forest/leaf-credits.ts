/**
 * Per node (filled for leaves): the credit each feature gets from that tree when a point ends in the
 * leaf, that is how often the feature splits on the leaf's root path / the leaf's path length. It depends
 * on the tree alone, so it is computed once per model (Float32: shares are for display), and explaining a
 * point costs one walk per tree plus a few additions.
 */
import type { ForestModel } from './forest-model.js';

/** Per leaf, credits are stored eight features at a time (zeros past the last feature). */
export const creditStride = (features: number) => Math.ceil(features / 8) * 8;

const leafCredits = new WeakMap<ForestModel, Float32Array>();

/** The credit table of `model`: `creditStride(features)` entries per node. */
export function leafCreditOf(model: ForestModel): Float32Array {
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
