/**
 * The agent's complete-tree layout of a forest (processors/anomaly/forest/complete-trees.ts) as a binary
 * file, for the C program that runs the same scoring loop natively (forest-walk.c, "layout"). Little-endian:
 *
 *   int32 trees, depth, shift, span, width
 *   int32 nodes[trees × 2^depth]           per tree: unused, then (threshold rank << shift) | feature,
 *                                          breadth first (node i, from 1, at i)
 *   float64 leaf_value[trees × 2^depth]    depth + c(n) of the leaf each bottom position stands for
 *   float64 cuts[width × span]             per feature, its sorted distinct thresholds, then +Infinity
 */
import { writeFile } from 'node:fs/promises';
import { completeForest } from '../../processors/anomaly/forest/complete-trees.js';
import type { ForestModel } from '../../processors/anomaly/forest/forest-model.js';

export async function writeLayoutFile(model: ForestModel, file: string): Promise<void> {
  const layout = completeForest(model);
  if (layout === undefined) throw new Error('the forest is too deep for the complete-tree layout');
  const leafValue = Float64Array.from(layout.leafNode, (node) => model.leafPath[node] as number);
  const header = Int32Array.of(model.roots.length, layout.depth, layout.shift, layout.span, layout.width);
  const parts = [header, layout.nodes, leafValue, layout.cuts].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  await writeFile(file, Buffer.concat(parts));
}
