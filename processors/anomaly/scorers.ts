/**
 * The models the anomaly processor can score with, behind one interface: the online forest (learns from
 * the events it scores) and an ONNX model exported from scikit-learn (fixed; its severity cut-offs are
 * calibrated on the first events it scores). Both explain their scores when the agent reads the forest.
 */
import type { ScoreCalibration } from './calibration.js';
import type { Cutoffs } from './cutoffs.js';
import type { FeatureEncoder } from './features.js';
import type { OnlineForest } from './online-forest.js';
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
  /** Severity cut-offs learned from scores (contamination); undefined: not learned (yet). */
  cutoffs(): Cutoffs | undefined;
  /** Why the model's scores come without explanations; undefined when it explains them. */
  readonly unexplained: string | undefined;
  close(): Promise<void>;
}

export function onlineScorer(forest: OnlineForest, encoder: FeatureEncoder): ModelScorer {
  return {
    score: async (rows, count, explain) => {
      const { scores, explanations } = await forest.observeAndScore(rows, count, explain);
      return { scores, explanations: explanations.map((row) => row.map((e) => encoder.names[e.feature] as string)) };
    },
    get version() {
      return forest.versionLabel;
    },
    cutoffs: () => forest.cutoffs,
    unexplained: undefined,
    close: () => forest.close(),
  };
}

/**
 * An ONNX model. With a calibration, the events whose scores make up its sample are still learning (no
 * score), as the online forest's warm-up is; without one (fixed severity cut-offs), every event is scored.
 */
export function onnxScorer(model: OnnxForest, encoder: FeatureEncoder, calibration: ScoreCalibration | undefined): ModelScorer {
  return {
    score: async (rows, count, explain) => {
      const { scores, explanations } = await model.score(rows, count, explain);
      const learning = calibration?.observe(scores, count) ?? 0;
      return {
        scores: Array.from(scores, (score, i) => (i < learning ? undefined : score)),
        explanations: explanations.map((row, i) => (i < learning ? [] : row.map((e) => encoder.names[e.feature] as string))),
      };
    },
    version: model.version,
    cutoffs: () => calibration?.cutoffs,
    unexplained: model.unexplained,
    close: async () => {
      await calibration?.save();
      await model.close();
    },
  };
}
