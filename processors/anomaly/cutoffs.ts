/**
 * Severity cut-offs learned from scores with `contamination` c: the top c of the scores are anomalies
 * (medium and up), the top c/2 high and the top c/4 critical. The online forest learns them from its
 * training window at each fit, an ONNX model from the first scores of live events (calibration.ts).
 */

export interface Cutoffs {
  /** Scores from here are anomalies (severity medium); high and critical are rarer still. */
  medium: number;
  high: number;
  critical: number;
}

/** The cut-offs of `count` scores (the array is not changed). */
export function quantileCutoffs(scores: Float64Array, count: number, contamination: number): Cutoffs {
  const sorted = scores.slice(0, count).sort();
  const quantile = (q: number) => sorted[Math.min(count - 1, Math.floor(q * count))] as number;
  return { medium: quantile(1 - contamination), high: quantile(1 - contamination / 2), critical: quantile(1 - contamination / 4) };
}
