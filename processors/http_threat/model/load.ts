/**
 * Builds the payload model when the processor starts: reads the examples file, normalises each row's
 * fields as the processor does at scoring time, trains, and logs the counts and the training time.
 */
import type { HttpThreatConfig } from '../config.js';
import { normalise } from '../normalise.js';
import type { PayloadModelConfig } from './config.js';
import { autoThreshold, AUTO_THRESHOLD_FOLDS } from './auto-threshold.js';
import { readExamples } from './examples.js';
import { exampleTexts, trainPayloadModel, type PayloadModel } from './payload-model.js';

/** The text the model reads of a field value: the normalised `text` view, as the rules see it. */
export function modelText(config: Pick<HttpThreatConfig, 'max_length' | 'decode_rounds'>): (value: string) => string {
  return (value) => normalise(value.length > config.max_length ? value.slice(0, config.max_length) : value, config.decode_rounds).text;
}

/** Where the training figures go: the component's logger, or a bench's own line. */
export interface TrainingLog {
  info(fields: Record<string, unknown>, message: string): void;
}

export async function loadPayloadModel(config: HttpThreatConfig & { model: PayloadModelConfig }, configDir: string, logger?: TrainingLog): Promise<PayloadModel> {
  const { file, examples, skipped } = await readExamples(config.model.examples_file, configDir);
  const textOf = modelText(config);
  const texts = examples.map((e) => exampleTexts(e, textOf));
  let threshold: number;
  if (config.model.threshold === 'auto') {
    const auto = autoThreshold(examples, texts, config.model, config.model.max_benign_share);
    threshold = auto.threshold;
    logger?.info(
      { examples_file: file, threshold, benign_flagged: auto.flagged, benign: auto.benign, folds: AUTO_THRESHOLD_FOLDS, ms: Math.round(auto.ms) },
      `http_threat payload model threshold ${threshold.toFixed(3)} (auto): ${auto.flagged} of ${auto.benign} benign examples reach it when held out`,
    );
  } else threshold = config.model.threshold;
  const { model, figures } = trainPayloadModel(examples, texts, { ...config.model, threshold });
  logger?.info(
    { examples_file: file, attacks: figures.attacks, benign: figures.benign, skipped, classes: figures.classes, training_ms: Math.round(figures.ms) },
    `http_threat payload model trained on ${figures.attacks} attack and ${figures.benign} benign examples in ${Math.round(figures.ms)} ms`,
  );
  return model;
}
