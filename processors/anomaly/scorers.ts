/**
 * The models the anomaly processor can score with, behind one interface: the online forest (learns from
 * the events it scores, explains its scores) and an ONNX model exported from scikit-learn (fixed).
 */
import type { FeatureEncoder } from './features.js';
import type { Cutoffs, OnlineForest } from './online-forest.js';
import type { OnnxForest } from './onnx-forest.js';

/** One batch's results: per row, s(x) (undefined while learning) and the explanation (may be empty). */
interface Scored {
  scores: (number | undefined)[];
  /** Names of the features that isolated the row fastest, best first; empty when the model cannot tell. */
  explanations: string[][];
}

export interface ModelScorer {
  /**
   * Learns from the rows where the model does, and scores them; with `explain` > 0 also names up to that
   * many features per row, from the same model as the score.
   */
  score(rows: Float64Array, count: number, explain: number): Promise<Scored>;
  readonly version: string;
  /** Severity cut-offs learned from the training scores (contamination); undefined: use the configured ones. */
  cutoffs(): Cutoffs | undefined;
  close(): Promise<void>;
}

export function onlineScorer(forest: OnlineForest, encoder: FeatureEncoder, close: () => Promise<void>): ModelScorer {
  return {
    score: async (rows, count, explain) => {
      const { scores, explanations } = await forest.observeAndScore(rows, count, explain);
      return { scores, explanations: explanations.map((row) => row.map((e) => encoder.names[e.feature] as string)) };
    },
    get version() {
      return forest.versionLabel;
    },
    cutoffs: () => forest.cutoffs,
    close,
  };
}

/** ONNX models exported from scikit-learn carry no tree structure the agent reads: scores only. */
export function onnxScorer(model: OnnxForest): ModelScorer {
  return {
    score: async (rows, count) => ({ scores: Array.from(await model.score(rows, count)), explanations: [] }),
    version: model.version,
    cutoffs: () => undefined,
    close: () => model.close(),
  };
}
