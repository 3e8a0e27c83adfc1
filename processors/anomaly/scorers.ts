/**
 * The models the anomaly processor can score with, behind one interface: the online forest (learns from
 * the events it scores, explains its scores) and an ONNX model exported from scikit-learn (fixed).
 */
import type { FeatureEncoder } from './features.js';
import { explainBatch } from './forest/isolation-forest.js';
import type { Cutoffs, OnlineForest } from './online-forest.js';
import type { OnnxForest } from './onnx-forest.js';

export interface ModelScorer {
  /** Learns from the rows where the model does, and returns s(x) per row (undefined while learning). */
  score(rows: Float64Array, count: number): Promise<(number | undefined)[]>;
  readonly version: string;
  /** Severity cut-offs learned from the training scores (contamination); undefined: use the configured ones. */
  cutoffs(): Cutoffs | undefined;
  /** Per row: names of the features that isolated it fastest, best first (empty when the model cannot tell). */
  explain(rows: Float64Array, count: number, top: number): string[][];
  close(): Promise<void>;
}

export function onlineScorer(forest: OnlineForest, encoder: FeatureEncoder, close: () => Promise<void>): ModelScorer {
  return {
    score: (rows, count) => forest.observeAndScore(rows, count),
    get version() {
      return forest.versionLabel;
    },
    cutoffs: () => forest.cutoffs,
    explain: (rows, count, top) => {
      const model = forest.model;
      if (model === undefined || top === 0) return Array.from({ length: count }, () => []);
      return explainBatch(model, rows, count, top).map((row) => row.map((e) => encoder.names[e.feature] as string));
    },
    close,
  };
}

export function onnxScorer(model: OnnxForest): ModelScorer {
  return {
    score: async (rows, count) => Array.from(await model.score(rows, count)),
    version: model.version,
    cutoffs: () => undefined,
    explain: (_rows, count) => Array.from({ length: count }, () => []),
    close: () => model.close(),
  };
}
