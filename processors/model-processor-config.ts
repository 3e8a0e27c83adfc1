/**
 * Config fields every model-based processor has (ticket_tagger, ticket_summarizer), and acquiring the shared
 * embedding worker they describe. Each processor spreads these into its own strict schema.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CheckContext, CheckProblem } from '../agent/component.js';
import { z } from 'zod';
import { durationSchema } from '../config/duration.js';
import { acquireEmbeddingService, type SharedService } from '../models/inference/shared-services.js';

export const modelProcessorFields = {
  field: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .default('message')
    .meta({ description: 'Field(s) holding the ticket text; several are joined (e.g. [ticket.subject, message]).' }),
  model: z.strictObject({ path: z.string().min(1) }).meta({ description: 'Folder of a sentence-embedding model (npm run models).' }),
  batch: z
    .strictObject({ max_size: z.number().int().min(1).default(32), max_wait: durationSchema.prefault('20ms') })
    .prefault({})
    .meta({ description: 'Dynamic batching of inference across events.' }),
  timeout: durationSchema.prefault('10s').meta({ description: 'Longest wait for inference of one pipeline batch.' }),
  on_failure: z
    .enum(['tag', 'drop'])
    .default('tag')
    .meta({ description: 'When inference fails or times out: tag the events (<processor>_failure) and pass them on, or drop them.' }),
};

export interface ModelProcessorConfig {
  model: { path: string };
  batch: { max_size: number; max_wait: number };
}

/** The embedding worker for the processor's model folder (relative paths: against the config file). */
export function acquireModelService(config: ModelProcessorConfig, configDir: string): Promise<SharedService> {
  return acquireEmbeddingService(path.resolve(configDir, config.model.path), { maxBatch: config.batch.max_size, maxWaitMs: config.batch.max_wait });
}

/** `validate` and start-up fail early on a model folder that is not there, and say how to get it. */
export function checkModelFolder(config: ModelProcessorConfig, context: CheckContext): CheckProblem[] {
  const folder = path.resolve(context.configDir, config.model.path);
  if (existsSync(path.join(folder, 'config.json')) && existsSync(path.join(folder, 'tokenizer.json'))) return [];
  return [{ path: ['model', 'path'], message: `model folder ${folder} is missing or incomplete: run "npm run models" to provision it` }];
}
