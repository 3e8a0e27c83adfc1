import { defineProcessor } from '../../agent/kit.js';
import { checkModelFolders } from '../model-processor-config.js';
import { scoringMethod, ticketTaggerConfig } from './config.js';
import { checkExamplesFile } from './examples-file.js';
import { resolvedLabels, taggerOutput } from './label-resolution.js';

export const ticketTaggerProcessor = defineProcessor({
  type: 'ticket_tagger',
  summary: 'Tags support tickets by meaning: a linear head or label prototypes on sentence embeddings, or zero-shot with an NLI model.',
  config: ticketTaggerConfig,
  check: (config, ctx) => [...checkModelFolders(config, 'zero_shot', ctx), ...checkExamplesFile({ ...config, labels: resolvedLabels(config), method: scoringMethod(config) }, ctx)],
  // The model service and scorers load on first use, not in agents without a tagger.
  create: async (config, context) => {
    const [{ createModelProcessor }, { embeddingScorer }, { zeroShotScorer }, { taggingProfile, ticketTagging }] = await Promise.all([
      import('../model-processor.js'),
      import('./embedding-scorer.js'),
      import('./scorers.js'),
      import('./ticket-tagger.js'),
    ]);
    const common = { type: 'ticket_tagger', namespace: taggerOutput(config).namespace, settings: config, profile: taggingProfile, context };
    if (config.zero_shot) {
      const { hypothesis, model } = config.zero_shot;
      return createModelProcessor({ ...common, task: 'zero-shot', folder: model.path }, (service) => ticketTagging(config, zeroShotScorer(service, resolvedLabels(config), hypothesis)));
    }
    return createModelProcessor({ ...common, task: 'embed', folder: (config.model as { path: string }).path }, async (service) =>
      ticketTagging(config, await embeddingScorer(service, config, context.configDir)),
    );
  },
});
