/**
 * How the tagger scores every label for a batch of ticket texts, from the embedded label texts (see
 * label-texts.ts: descriptions, their topics, examples and the examples file), embedded once:
 * - linear head (the default with an examples file): a logistic regression per label, one against the
 *   rest, fitted on the label texts when the processor is built; a score is the probability that the
 *   ticket has the label.
 * - prototype (the default otherwise): the cosine similarity to the normalized mean of each label's texts.
 * or by an NLI model's entailment probability for "This support ticket is about <description>." (zero-shot).
 *
 * Centring: every label text shares a large "this is a customer support message" component, so raw cosine
 * similarities are high for every label and the labels with the most generic wording attract tickets of
 * other labels. Subtracting the mean of all label texts (so computed from the configuration and its examples file) from the
 * ticket and from each label text, and scaling both back to unit length, leaves what tells the labels
 * apart; the linear head learns from and scores those same directions.
 *
 * Figures for each choice on the labelled tickets of bench/ticket-eval are in bench/RESULTS.md.
 */
import type { InferenceService } from '../../models/inference/inference-service.js';
import { centeredDirection, cosine, meanDirection, meanVector } from '../../models/vectors.js';
import type { ZeroShotItem } from '../../models/zero-shot.js';
import type { EmbeddedLabelTexts } from './label-texts.js';
import { fitOneVsRest, probability } from '../../models/logistic-regression.js';

export interface LabelScorer {
  /** The label names, in the order of the scores. */
  readonly labels: readonly string[];
  /** One score per label for each text. */
  score(texts: string[]): Promise<number[][]>;
}

type EmbeddingService = Pick<InferenceService<string, Float32Array>, 'run'>;

/** The direction a vector is compared in: centred and scaled back to unit length, or as it is. */
function directionIn(centre: Float32Array | undefined): (vector: Float32Array) => Float32Array {
  return centre === undefined ? (vector) => vector : (vector) => centeredDirection(vector, centre);
}

/** Embeds the texts, turns each into its direction, and scores every label on it. */
function embeddingLabelScorer(service: EmbeddingService, names: readonly string[], direction: (vector: Float32Array) => Float32Array, scoreLabels: (d: Float32Array) => number[]): LabelScorer {
  return {
    labels: names,
    async score(texts) {
      const embedded = await service.run(texts);
      return embedded.map((vector) => scoreLabels(direction(vector)));
    },
  };
}

export function prototypeScorer(service: EmbeddingService, { names, vectors, labelsOf }: EmbeddedLabelTexts, { center }: { center: boolean }): LabelScorer {
  const direction = directionIn(center ? meanVector(vectors) : undefined);
  const directions = vectors.map(direction);
  const prototypes = names.map((_, label) => meanDirection(directions.filter((_, i) => labelsOf[i]?.includes(label))));
  return embeddingLabelScorer(service, names, direction, (d) => prototypes.map((prototype) => cosine(d, prototype)));
}

export function linearHeadScorer(service: EmbeddingService, { names, vectors, labelsOf }: EmbeddedLabelTexts, { center, c }: { center: boolean; c: number }): LabelScorer {
  if (names.length < 2) throw new Error('the linear head needs at least two labels to tell apart (use method: prototype for one)');
  names.forEach((name, label) => {
    if (labelsOf.every((of) => of.includes(label))) throw new Error(`label ${name} is on every label text: the linear head has nothing to tell it apart from`);
  });
  const direction = directionIn(center ? meanVector(vectors) : undefined);
  // Balanced class weights: a label's few texts against all the others' many.
  const models = fitOneVsRest(vectors.map(direction), labelsOf, names.length, { c, balanced: true });
  return embeddingLabelScorer(service, names, direction, (d) => models.map((model) => probability(model, d)));
}

export function zeroShotScorer(service: InferenceService<ZeroShotItem, number[]>, labels: readonly { name: string; description: string }[], template: string): LabelScorer {
  const descriptions = labels.map((l) => l.description);
  return {
    labels: labels.map((l) => l.name),
    score: (texts) => service.run(texts.map((text) => ({ text, labels: descriptions, template }))),
  };
}
