/**
 * How the tagger scores every label for a batch of ticket texts: by similarity of sentence embeddings to
 * label prototypes (the normalized mean of each label's description and examples, embedded once), or by an
 * NLI model's entailment probability for "This support ticket is about <description>." (zero-shot).
 */
import type { InferenceService } from '../../models/inference/inference-service.js';
import { cosine, meanDirection } from '../../models/vectors.js';
import type { ZeroShotItem } from '../../models/zero-shot.js';

export interface LabelScorer {
  /** One score per label (in config order) for each text. */
  score(texts: string[]): Promise<number[][]>;
}

interface Label {
  readonly description: string;
  readonly examples: readonly string[];
}

export async function embeddingScorer(service: InferenceService<string, Float32Array>, labels: readonly Label[]): Promise<LabelScorer> {
  const prototypes: Float32Array[] = [];
  for (const label of labels) prototypes.push(meanDirection(await service.run([label.description, ...label.examples])));
  return {
    async score(texts) {
      const vectors = await service.run(texts);
      return vectors.map((vector) => prototypes.map((prototype) => cosine(vector, prototype)));
    },
  };
}

export function zeroShotScorer(service: InferenceService<ZeroShotItem, number[]>, labels: readonly Label[], template: string): LabelScorer {
  const descriptions = labels.map((l) => l.description);
  return {
    score: (texts) => service.run(texts.map((text) => ({ text, labels: descriptions, template }))),
  };
}
