/**
 * Builds the embedding scorer a ticket_tagger configuration asks for: reads its examples file, embeds
 * every label text in the model worker, and fits the linear head or averages the prototypes. Runs when the
 * processor is built, so at start-up and on every reload.
 */
import type { InferenceService } from '../../models/inference/inference-service.js';
import { centersEmbeddings, scoringMethod, type TicketTaggerConfig } from './config.js';
import { readExamples } from './examples-file.js';
import { resolvedLabels } from './label-resolution.js';
import { embedLabelTexts, labelTexts } from './label-texts.js';
import { linearHeadScorer, prototypeScorer, type LabelScorer } from './scorers.js';

export async function embeddingScorer(service: Pick<InferenceService<string, Float32Array>, 'run'>, config: TicketTaggerConfig, configDir: string): Promise<LabelScorer> {
  const rows = config.examples_file === undefined ? [] : await readExamples(config.examples_file, configDir);
  const texts = labelTexts(resolvedLabels(config), rows, { topics: config.description_topics });
  const embedded = await embedLabelTexts((batch) => service.run(batch), texts);
  const center = centersEmbeddings(config);
  return scoringMethod(config) === 'linear' ? linearHeadScorer(service, embedded, { center, c: config.linear.c }) : prototypeScorer(service, embedded, { center });
}
