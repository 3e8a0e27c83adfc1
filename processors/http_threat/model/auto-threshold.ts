/**
 * `threshold: auto`: the model's threshold chosen from the examples file itself, for users who train on their
 * own requests (the default 0.95 belongs to the file it was chosen on). The benign examples are scored by
 * models trained without them (a few folds, by position in the file), and the threshold is set just above the
 * scores of all but `max_benign_share` of them: on requests like its benign examples, the model then flags
 * about that share.
 */
import type { Example } from './examples.js';
import { trainPayloadModel, type FieldTexts, type ModelSettings } from './payload-model.js';

/** Folds for the held-out scores: each benign example is scored once, by a model trained on the other two thirds. */
export const AUTO_THRESHOLD_FOLDS = 3;
/** Never below: a detection must be likelier an attack than not. */
const LOWEST = 0.5;
/** Never at 1: the weight in threat.score divides by 1 − threshold. */
const HIGHEST = 0.9999;

export interface AutoThreshold {
  readonly threshold: number;
  /** Held-out benign examples at or above it. */
  readonly flagged: number;
  readonly benign: number;
  readonly ms: number;
}

export function autoThreshold(
  examples: readonly Pick<Example, 'attack' | 'class'>[],
  texts: readonly FieldTexts[],
  settings: Omit<ModelSettings, 'threshold'>,
  maxBenignShare: number,
): AutoThreshold {
  const started = performance.now();
  const scores: number[] = [];
  for (let fold = 0; fold < AUTO_THRESHOLD_FOLDS; fold++) {
    const train = examples.flatMap((_, i) => (i % AUTO_THRESHOLD_FOLDS !== fold ? [i] : []));
    const { model } = trainPayloadModel(
      train.map((i) => examples[i] as Pick<Example, 'attack' | 'class'>),
      train.map((i) => texts[i] as FieldTexts),
      { ...settings, threshold: LOWEST },
      { classes: false },
    );
    examples.forEach((example, i) => {
      if (i % AUTO_THRESHOLD_FOLDS !== fold || example.attack) return;
      scores.push(model.requestProbability(texts[i] as FieldTexts));
    });
  }
  scores.sort((a, b) => b - a);
  // The highest `allowed` scores may reach the threshold; it sits just above the next one.
  const allowed = Math.floor(maxBenignShare * scores.length);
  const next = scores[allowed];
  const threshold = next === undefined ? LOWEST : Math.min(HIGHEST, Math.max(LOWEST, next + 1e-6));
  return { threshold, flagged: scores.filter((s) => s >= threshold).length, benign: scores.length, ms: performance.now() - started };
}
