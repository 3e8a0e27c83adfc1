/**
 * Config fields every model-based processor has (ticket_tagger, ticket_summarizer), and acquiring the shared
 * embedding worker they describe. Each processor spreads these into its own strict schema.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CheckContext, CheckProblem } from '../agent/kit.js';
import { z } from 'zod';
import { durationSchema } from '../agent/kit.js';
import { acquireService, type SharedService } from '../models/inference/shared-services.js';
import type { TaskName } from '../models/inference/tasks.js';

export const modelFolderSchema = z.strictObject({ path: z.string().min(1).meta({ description: 'The folder (relative to the config file).' }) });

export const modelProcessorFields = {
  field: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .default('message')
    .meta({ description: 'Field(s) holding the ticket text; several are joined (e.g. [ticket.subject, message]).' }),
  batch: z
    .strictObject({
      max_size: z.number().int().min(1).default(32).meta({ description: 'Most texts in one inference call.' }),
      max_wait: durationSchema
        .prefault('0ms')
        .meta({ description: 'How long texts wait for more to batch with while the model worker is idle (while it is busy they gather anyway).' }),
    })
    .prefault({})
    .meta({ description: 'Dynamic batching of inference across events.' }),
  timeout: durationSchema.prefault('10s').meta({ description: 'Longest wait for inference of one pipeline batch.' }),
  on_failure: z
    .enum(['tag', 'drop'])
    .default('tag')
    .meta({ description: 'When inference fails or times out: tag the events (<processor>_failure) and pass them on, or drop them.' }),
};

interface BatchConfig {
  batch: { max_size: number; max_wait: number };
}

/** The model worker running `task` for `folder` (relative paths: against the config file). */
export function acquireModelService<T extends TaskName>(task: T, folder: string, config: BatchConfig, configDir: string): Promise<SharedService<T>> {
  return acquireService(task, path.resolve(configDir, folder), { maxBatch: config.batch.max_size, maxWaitMs: config.batch.max_wait });
}

/** Builds a processor on a shared model service, releasing the service if building fails. */
export async function releasingOnError<P>(shared: { release(): Promise<void> }, build: () => P | Promise<P>): Promise<P> {
  try {
    return await build();
  } catch (error) {
    await shared.release();
    throw error;
  }
}

/** `validate` and start-up fail early on a model folder that is not there, and say how to get it. */
export function checkModelFolders(folders: { path: (string | number)[]; folder: string | undefined }[], context: CheckContext): CheckProblem[] {
  const problems: CheckProblem[] = [];
  for (const { path: at, folder: relative } of folders) {
    if (relative === undefined) continue;
    const folder = path.resolve(context.configDir, relative);
    if (existsSync(path.join(folder, 'config.json')) && existsSync(path.join(folder, 'tokenizer.json'))) continue;
    problems.push({ path: at, message: `model folder ${folder} is missing or incomplete: run "npm run models" to provision it` });
  }
  return problems;
}
