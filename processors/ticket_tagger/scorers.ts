/**
 * How the tagger scores every label for a batch of ticket texts: by similarity of sentence embeddings to
 * label prototypes (the normalized mean of each label's description and examples, embedded once), or by an
 * NLI model's entailment probability for "This support ticket is about <description>." (zero-shot).
 *
 * Centring: every label text shares a large "this is a customer support message" component, so raw cosine
 * similarities are high for every label and the labels with the most generic wording attract tickets of
 * other labels. Subtracting the mean of all label texts (descriptions and examples, so computed from the
 * configuration alone) from the ticket and from each label text before comparing leaves what tells the
 * labels apart.
 *
 * Description topics: a description is usually a list ("charges, invoices, VAT, double charges"), and one
 * embedding of the whole list blurs its topics together. Each comma- or semicolon-separated part is also
 * embedded as a label text of its own, so a ticket about one topic of the list finds it.
 *
 * Both raise macro-F1 on the labelled tickets of bench/ticket-eval (figures in bench/RESULTS.md).
 */
import type { InferenceService } from '../../models/inference/inference-service.js';
import { centeredDirection, cosine, meanDirection, meanVector } from '../../models/vectors.js';
import type { ZeroShotItem } from '../../models/zero-shot.js';

export interface LabelScorer {
  /** One score per label (in config order) for each text. */
  score(texts: string[]): Promise<number[][]>;
}

interface Label {
  readonly description: string;
  readonly examples: readonly string[];
}

/** The parts of a description written as a list (split at commas and semicolons); none for a single phrase. */
export function descriptionTopics(description: string): string[] {
  const parts = description
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  return parts.length > 1 ? parts : [];
}

interface EmbeddingScoring {
  /** Centre on the mean of the label texts (see centersEmbeddings). */
  readonly center: boolean;
  /** Embed each topic of a description as a label text too. */
  readonly topics: boolean;
}

export async function embeddingScorer(service: Pick<InferenceService<string, Float32Array>, 'run'>, labels: readonly Label[], { center, topics }: EmbeddingScoring): Promise<LabelScorer> {
  const labelVectors: Float32Array[][] = [];
  for (const label of labels) {
    const texts = [label.description, ...(topics ? descriptionTopics(label.description) : []), ...label.examples];
    labelVectors.push(await service.run(texts));
  }
  const centre = center ? meanVector(labelVectors.flat()) : undefined;
  const prototypes = labelVectors.map((vectors) => meanDirection(centre === undefined ? vectors : vectors.map((v) => centeredDirection(v, centre))));
  return {
    async score(texts) {
      const vectors = await service.run(texts);
      return vectors.map((vector) => {
        const direction = centre === undefined ? vector : centeredDirection(vector, centre);
        return prototypes.map((prototype) => cosine(direction, prototype));
      });
    },
  };
}

export function zeroShotScorer(service: InferenceService<ZeroShotItem, number[]>, labels: readonly Label[], template: string): LabelScorer {
  const descriptions = labels.map((l) => l.description);
  return {
    score: (texts) => service.run(texts.map((text) => ({ text, labels: descriptions, template }))),
  };
}
