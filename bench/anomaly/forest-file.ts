/**
 * The agent's isolation forest as a flat binary file, so that the C walk (forest-walk.c), scikit-learn
 * (scripts/python/same_trees.py) and the agent's own scorer in a child process all score the very same
 * trees. Little-endian, each array right after the previous one:
 *
 *   int32 trees, features, sample_size, nodes
 *   int32 start[trees + 1]        tree t's nodes are start[t] .. start[t + 1] − 1, its root first
 *   int32 feature[nodes]          split feature, −1 for a leaf
 *   int32 left[nodes], right[nodes]  children, numbered within the tree (−1 for a leaf)
 *   float64 threshold[nodes]      x[feature] <= threshold goes left
 *   float64 leaf_path[nodes]      for leaves: depth + c(points in the leaf)
 *
 * Trees are renumbered depth first from their roots, whatever order the model stores its nodes in.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { ForestModel } from '../../processors/anomaly/forest/forest-model.js';

const bytes = (a: Int32Array | Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

export async function writeForestFile(model: ForestModel, file: string): Promise<void> {
  const total = model.feature.length;
  const start = new Int32Array(model.roots.length + 1);
  const feature = new Int32Array(total);
  const left = new Int32Array(total);
  const right = new Int32Array(total);
  const threshold = new Float64Array(total);
  const leafPath = new Float64Array(total);
  let next = 0;
  model.roots.forEach((root, t) => {
    start[t] = next;
    const first = next;
    // Depth first, numbering a node when it is reached, patching its parent's child index then.
    const stack: [node: number, parent: number, side: 0 | 1][] = [[root, -1, 0]];
    while (stack.length > 0) {
      const [node, parent, side] = stack.pop() as [number, number, 0 | 1];
      const at = next++;
      if (parent >= 0) (side === 0 ? left : right)[parent] = at - first;
      const f = model.feature[node] as number;
      feature[at] = f;
      left[at] = -1;
      right[at] = -1;
      if (f < 0) leafPath[at] = model.leafPath[node] as number;
      else {
        threshold[at] = model.threshold[node] as number;
        stack.push([model.right[node] as number, at, 1], [model.left[node] as number, at, 0]);
      }
    }
  });
  start[model.roots.length] = next;
  if (next !== total) throw new Error(`the forest has ${total} nodes but its trees reach ${next}`);
  const header = Int32Array.of(model.roots.length, model.features, model.sampleSize, total);
  await writeFile(file, Buffer.concat([header, start, feature, left, right, threshold, leafPath].map(bytes)));
}

/** Reads a forest file back into the agent's model (children back to forest-wide indexes). */
export async function readForestFile(file: string): Promise<ForestModel> {
  const data = await readFile(file);
  let offset = 0;
  const ints = (n: number) => {
    const a = new Int32Array(n);
    Buffer.from(a.buffer).set(data.subarray(offset, offset + 4 * n));
    offset += 4 * n;
    return a;
  };
  const doubles = (n: number) => {
    const a = new Float64Array(n);
    Buffer.from(a.buffer).set(data.subarray(offset, offset + 8 * n));
    offset += 8 * n;
    return a;
  };
  const [trees, features, sampleSize, total] = ints(4) as unknown as [number, number, number, number];
  const start = ints(trees + 1);
  const feature = ints(total);
  const left = ints(total);
  const right = ints(total);
  const threshold = doubles(total);
  const leafPath = doubles(total);
  if (offset !== data.length) throw new Error(`${file}: ${data.length - offset} bytes after the forest`);
  for (let t = 0; t < trees; t++) {
    for (let n = start[t] as number; n < (start[t + 1] as number); n++) {
      if ((feature[n] as number) < 0) continue;
      left[n] = (left[n] as number) + (start[t] as number);
      right[n] = (right[n] as number) + (start[t] as number);
    }
  }
  return { features, sampleSize, roots: start.slice(0, trees), feature, threshold, left, right, leafPath };
}

/** Rows (float64, row after row) or scores to a file and back. */
export async function writeDoubles(values: Float64Array, file: string): Promise<void> {
  await writeFile(file, bytes(values));
}

export async function readDoubles(file: string): Promise<Float64Array> {
  const data = await readFile(file);
  const values = new Float64Array(data.length / 8);
  Buffer.from(values.buffer).set(data);
  return values;
}
