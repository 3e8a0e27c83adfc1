/**
 * Severity cut-offs learned from scores with `contamination` c: about c of ordinary events score from the
 * medium cut-off up, c/2 from high and c/4 from critical, however many real anomalies the scores hold. The
 * online forest learns them from its training window at each fit, an ONNX model from the scores of live
 * events (calibration.ts).
 *
 * The plain (1 − c) quantile of the scores is not that: when anomalies are more than c of the events they
 * fill the top c, and far fewer than c of the ordinary events are flagged (bench/RESULTS.md). So the scores
 * above a fence far out from the bulk are set aside first, and the quantiles are taken of the rest. The
 * fence is Q3 + 3.5 × IQR of the scores' log-odds, where the bulk is nearly symmetric; a Gaussian fitted to
 * the bulk instead, or a closer fence, put the cut-off far too low, because the tail of ordinary scores is
 * much longer than a Gaussian's.
 */

export interface Cutoffs {
  /** Scores from here are anomalies (severity medium); high and critical are rarer still. */
  medium: number;
  high: number;
  critical: number;
}

/**
 * Which estimator learned saved cut-offs: saved with them, so that cut-offs saved by another one are
 * learned again from the saved scores or window instead of being used. 1 was the plain quantile.
 */
export const CUTOFFS_METHOD = 2;

/** How many interquartile ranges (of the log-odds) above the third quartile a score is set aside. */
const FENCE_IQRS = 3.5;

const logOdds = (score: number) => Math.log(score / (1 - score));
const fromLogOdds = (x: number) => 1 / (1 + Math.exp(-x));

/** The cut-offs of `count` scores in (0, 1] (the array is not changed). */
export function normalCutoffs(scores: Float64Array, count: number, contamination: number): Cutoffs {
  const sorted = scores.slice(0, count).sort();
  const at = (q: number, n: number) => sorted[Math.min(n - 1, Math.floor(q * n))] as number;
  // Log-odds is monotonic: the fence is found on the quartiles alone and compared in score units.
  const q1 = logOdds(at(0.25, count));
  const q3 = logOdds(at(0.75, count));
  const fence = fromLogOdds(q3 + FENCE_IQRS * (q3 - q1));
  let kept = count;
  while (kept > 1 && (sorted[kept - 1] as number) > fence) kept--;
  return { medium: at(1 - contamination, kept), high: at(1 - contamination / 2, kept), critical: at(1 - contamination / 4, kept) };
}
