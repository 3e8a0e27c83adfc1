/**
 * Rows for checking a forest read from ONNX against onnxruntime before it is trusted: each value is one of
 * the model's own split points for that feature, the float32 next to it, or a value between splits, so the
 * rows reach many different leaves and land exactly on the boundaries where float32 rounding matters.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { ForestModel } from '../forest-model.js';

export function probeRows(model: ForestModel, count: number, seed = 1): Float64Array {
  const rng = xoroshiro128plus(seed);
  const width = model.features;
  const splits: number[][] = Array.from({ length: width }, () => []);
  model.feature.forEach((f, node) => {
    if (f >= 0) (splits[f] as number[]).push(model.threshold[node] as number);
  });
  const rows = new Float64Array(count * width);
  for (let r = 0; r < count; r++) {
    for (let f = 0; f < width; f++) {
      const points = splits[f] as number[];
      if (points.length === 0) continue; // never split on: any value scores the same
      const a = points[uniformInt(rng, 0, points.length - 1)] as number;
      const b = points[uniformInt(rng, 0, points.length - 1)] as number;
      const kind = uniformInt(rng, 0, 3);
      rows[r * width + f] = kind === 0 ? a : kind === 1 ? Math.fround(a) : kind === 2 ? nextUp(a) : a + uniformFloat64(rng) * (b - a);
    }
  }
  return rows;
}

/** The next float32 above `x`'s float32 rounding: just past a split as onnxruntime sees it. */
function nextUp(x: number): number {
  const f = Math.fround(x);
  const step = Math.max(Math.abs(f) * 2 ** -23, 2 ** -149);
  return Math.fround(f + step);
}
