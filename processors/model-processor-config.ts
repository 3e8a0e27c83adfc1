/**
 * Config every model-backed processor has (ticket_tagger, ticket_summarizer): the shared fields, which each
 * processor spreads into its own strict schema, the roll-out of a candidate model folder (`canary`,
 * `shadow`, `guard`), and the choice between a sentence-embedding model (`model`) and another kind of model
 * under an alternative key (`zero_shot`, `abstractive`), exactly one of them.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CheckContext, CheckProblem } from '../agent/kit.js';
import { z } from 'zod';
import { durationSchema } from '../agent/kit.js';
import { rolloutFields } from './model-rollout/config.js';

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
  inference: z
    .strictObject({
      threads: z
        .number()
        .int()
        .min(1)
        .max(64)
        .default(1)
        .meta({ description: 'onnxruntime threads for one inference run. More lowers one text’s latency on idle cores, but takes cores from the agent and the application beside it.' }),
      spin: z
        .boolean()
        .default(false)
        .meta({ description: 'Let idle inference threads spin for the next run instead of sleeping: a little less latency for much more CPU. Only for dedicated cores.' }),
    })
    .prefault({})
    .meta({ description: 'How the model worker uses the CPU (shared by the processors that load the same model folder; the first one’s settings apply).' }),
  timeout: durationSchema.prefault('10s').meta({ description: 'Longest wait for inference of one pipeline batch.' }),
  on_failure: z
    .enum(['tag', 'drop'])
    .default('tag')
    .meta({ description: 'When inference fails or times out: tag the events (<processor>_failure) and pass them on, or drop them.' }),
  ...rolloutFields(modelFolderSchema),
};

interface ModelFolder {
  path: string;
}

/** A config with an embedding model under `model` or another model under `<K>.model`. */
type ModelChoice<K extends string> = { model?: ModelFolder | undefined; canary?: { model: ModelFolder } | undefined; shadow?: { model: ModelFolder } | undefined } & {
  [key in K]?: { model: ModelFolder } | undefined;
};

/** For the schema's refine: exactly one of `model` and `alternative` is configured. */
export function oneModelOf<K extends string>(alternative: K): (config: ModelChoice<K>) => boolean {
  return (config) => (config.model === undefined) !== (config[alternative] === undefined);
}

/** `validate` and start-up fail early on a model folder (current or candidate) that is not there, and say how to get it. */
export function checkModelFolders<K extends string>(config: ModelChoice<K>, alternative: K, context: CheckContext): CheckProblem[] {
  const folders = [
    { path: ['model', 'path'], folder: config.model?.path },
    { path: [alternative, 'model', 'path'], folder: config[alternative]?.model.path },
    { path: ['canary', 'model', 'path'], folder: config.canary?.model.path },
    { path: ['shadow', 'model', 'path'], folder: config.shadow?.model.path },
  ];
  const problems: CheckProblem[] = [];
  for (const { path: at, folder: relative } of folders) {
    if (relative === undefined) continue;
    const folder = path.resolve(context.configDir, relative);
    if (existsSync(path.join(folder, 'config.json')) && existsSync(path.join(folder, 'tokenizer.json'))) continue;
    problems.push({ path: at, message: `model folder ${folder} is missing or incomplete: run "npm run models" to provision it` });
  }
  return problems;
}
