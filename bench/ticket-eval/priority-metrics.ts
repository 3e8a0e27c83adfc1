/**
 * Measures for single-label classification (one priority, one sentiment per ticket): per-class precision,
 * recall and F1 (multi-label scores of one-label sets are exactly these), macro-F1, accuracy, the
 * confusion matrix and the majority-class baseline.
 */
import { labelScores, macroF1, type LabelScore } from './metrics.js';

export interface SingleLabelReport {
  readonly classes: LabelScore[];
  readonly macroF1: number;
  readonly accuracy: number;
  /** confusion[g][p]: tickets of gold class g (in `labels` order) predicted as class p. */
  readonly confusion: number[][];
}

export function singleLabelReport(labels: readonly string[], gold: readonly string[], predicted: readonly string[]): SingleLabelReport {
  if (gold.length !== predicted.length) throw new Error(`gold has ${gold.length} tickets, predictions ${predicted.length}`);
  const classes = labelScores(
    labels,
    gold.map((g) => [g]),
    predicted.map((p) => [p]),
  );
  const confusion = labels.map(() => labels.map(() => 0));
  gold.forEach((g, i) => {
    const row = confusion[labels.indexOf(g)];
    const column = labels.indexOf(predicted[i] as string);
    if (row !== undefined && column >= 0) row[column] = (row[column] ?? 0) + 1;
  });
  const correct = gold.filter((g, i) => g === predicted[i]).length;
  return { classes, macroF1: macroF1(classes), accuracy: gold.length === 0 ? 0 : correct / gold.length, confusion };
}

/** The most frequent gold class (ties: the first in `labels`), the prediction of the majority baseline. */
export function majorityClass(labels: readonly string[], gold: readonly string[]): string {
  const counts = labels.map((label) => gold.filter((g) => g === label).length);
  return labels[counts.indexOf(Math.max(...counts))] as string;
}
