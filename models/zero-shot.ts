/**
 * Zero-shot classification with a local NLI model (an operator-provided transformers.js folder, e.g. an
 * MNLI-trained cross-encoder): each label becomes a hypothesis ("This support ticket is about {}.") and its
 * score is the model's entailment probability against the ticket, independently per label (multi-label).
 */
import { pipeline, type ZeroShotClassificationPipeline } from '@huggingface/transformers';
import { useLocalModel } from './local-model.js';
import { SIDECAR_RUNTIME, sessionOptions, type OnnxRuntimeOptions } from './session-options.js';

export interface ZeroShotItem {
  readonly text: string;
  /** Candidate labels as the hypothesis should name them (descriptions, not ids). */
  readonly labels: readonly string[];
  /** Hypothesis with `{}` where the label goes. */
  readonly template: string;
}

export interface ZeroShotClassifier {
  /** Entailment probability per label, in the order of each item's labels. */
  classify(items: readonly ZeroShotItem[]): Promise<number[][]>;
  dispose(): Promise<void>;
}

interface ZeroShotOutput {
  labels: string[];
  scores: number[];
}

export async function loadZeroShot(folder: string, runtime: OnnxRuntimeOptions = SIDECAR_RUNTIME): Promise<ZeroShotClassifier> {
  const model = useLocalModel(folder);
  const classifier: ZeroShotClassificationPipeline = await pipeline('zero-shot-classification', model.id, { dtype: model.dtype, session_options: sessionOptions(runtime) });
  return {
    async classify(items) {
      const results: number[][] = [];
      for (const item of items) {
        const output = (await classifier(item.text, [...item.labels], { hypothesis_template: item.template, multi_label: true })) as ZeroShotOutput;
        const byLabel = new Map(output.labels.map((label, i) => [label, output.scores[i] as number]));
        results.push(item.labels.map((label) => byLabel.get(label) ?? 0));
      }
      return results;
    },
    dispose: () => classifier.dispose(),
  };
}
