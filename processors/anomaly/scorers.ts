/**
 * The models the anomaly processor can score with, behind one interface: the online forest (learns from
 * the events it scores, explains its scores) and an ONNX model exported from scikit-learn (fixed).
 */
import type { FeatureEncoder } from './features.js';
import { explain } from './forest/isolation-forest.js';
import type { Cutoffs, OnlineForest } from './online-forest.js';
import type { OnnxForest } from './onnx-forest.js';

export interface ModelScorer {
  /** Learns from the rows where the model does, and returns s(x) per row (undefined while learning). */
  score(rows: Float64Array, count: number): Promise<(number | undefined)[]>;
  readonly version: string;
  /** Severity cut-offs learned from the training scores (contamination); undefined: use the configured ones. */
  cutoffs(): Cutoffs | undefined;
  /** Names of the features that isolated the row fastest, best first (empty when the model cannot tell). */
  explain(rows: Float64Array, offset: number, top: number): string[];
  close(): Promise<void>;
}

export function onlineScorer(forest: OnlineForest, encoder: FeatureEncoder, close: () => Promise<void>): ModelScorer {
  return {
    score: (rows, count) => forest.observeAndScore(rows, count),
    get version() {
      return forest.versionLabel;
    },
    cutoffs: () => forest.cutoffs,
    explain: (rows, offset, top) => {
      const model = forest.model;
      if (model === undefined || top === 0) return [];
      return explain(model, rows, offset, top).map((e) => encoder.names[e.feature] as string);
    },
    close,
  };
}

export function onnxScorer(model: OnnxForest): ModelScorer {
  return {
    score: async (rows, count) => Array.from(await model.score(rows, count)),
    version: model.version,
    cutoffs: () => undefined,
    explain: () => [],
    close: () => model.close(),
  };
}
