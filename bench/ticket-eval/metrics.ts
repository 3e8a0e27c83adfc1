/**
 * Evaluation measures for ticket tagging (multi-label precision, recall, F1 per label and macro-averaged)
 * and summaries (length, ROUGE-1 and ROUGE-L F1 against a reference: word overlap and longest common
 * word subsequence, after lower-casing and splitting on anything that is not a letter or digit).
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface LabelScore {
  readonly label: string;
  /** Tickets whose gold tags include the label. */
  readonly support: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const harmonic = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/** Per-label scores over tickets; `gold[i]` and `predicted[i]` are the tags of ticket i. */
export function labelScores(labels: readonly string[], gold: readonly (readonly string[])[], predicted: readonly (readonly string[])[]): LabelScore[] {
  if (gold.length !== predicted.length) throw new Error(`gold has ${gold.length} tickets, predictions ${predicted.length}`);
  return labels.map((label) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    gold.forEach((tags, i) => {
      const isGold = tags.includes(label);
      const isPredicted = (predicted[i] as readonly string[]).includes(label);
      if (isGold && isPredicted) tp++;
      else if (isPredicted) fp++;
      else if (isGold) fn++;
    });
    const precision = ratio(tp, tp + fp);
    const recall = ratio(tp, tp + fn);
    return { label, support: tp + fn, precision, recall, f1: harmonic(precision, recall) };
  });
}

export function macroF1(scores: readonly LabelScore[]): number {
  return ratio(
    scores.reduce((sum, s) => sum + s.f1, 0),
    scores.length,
  );
}

function words(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
}

/** ROUGE-1 F1: overlap of word counts. */
export function rouge1(candidate: string, reference: string): number {
  const c = words(candidate);
  const r = words(reference);
  const counts = new Map<string, number>();
  for (const w of r) counts.set(w, (counts.get(w) ?? 0) + 1);
  let overlap = 0;
  for (const w of c) {
    const left = counts.get(w) ?? 0;
    if (left > 0) {
      overlap++;
      counts.set(w, left - 1);
    }
  }
  return harmonic(ratio(overlap, c.length), ratio(overlap, r.length));
}

/** ROUGE-L F1: longest common subsequence of words. */
export function rougeL(candidate: string, reference: string): number {
  const c = words(candidate);
  const r = words(reference);
  let previous = new Array<number>(r.length + 1).fill(0);
  for (const cw of c) {
    const row = new Array<number>(r.length + 1).fill(0);
    for (let j = 1; j <= r.length; j++) {
      row[j] = cw === r[j - 1] ? (previous[j - 1] as number) + 1 : Math.max(previous[j] as number, row[j - 1] as number);
    }
    previous = row;
  }
  const lcs = previous[r.length] as number;
  return harmonic(ratio(lcs, c.length), ratio(lcs, r.length));
}

/** The value below which `q` (0–1) of the sorted values fall (nearest rank). */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

export function mean(values: readonly number[]): number {
  return ratio(
    values.reduce((sum, v) => sum + v, 0),
    values.length,
  );
}

/** Sample standard deviation (n − 1); 0 for fewer than two values. */
export function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1));
}

export interface Interval {
  readonly low: number;
  readonly high: number;
}

/**
 * Percentile bootstrap: `statistic` of `resamples` samples of the n items drawn with replacement (each a
 * list of item indexes), and the central `level` of those values. Seeded, so the same call gives the same
 * interval.
 */
export function bootstrapInterval(n: number, statistic: (indexes: readonly number[]) => number, { resamples, seed, level = 0.95 }: { resamples: number; seed: number; level?: number }): Interval {
  const rng = xoroshiro128plus(seed);
  const values: number[] = [];
  const indexes = new Array<number>(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) indexes[i] = uniformInt(rng, 0, n - 1);
    values.push(statistic(indexes));
  }
  const tail = (1 - level) / 2;
  return { low: percentile(values, tail), high: percentile(values, 1 - tail) };
}
