import { defineProcessor, type ComponentContext } from '../../agent/kit.js';
import { acquireModelService, checkModelFolders, releasingOnError } from '../model-processor-config.js';
import { centersEmbeddings, ticketTaggerConfig, type TicketTaggerConfig } from './config.js';
import { embeddingScorer, zeroShotScorer } from './scorers.js';
import { TicketTagger } from './ticket-tagger.js';

async function createTagger(config: TicketTaggerConfig, ctx: ComponentContext): Promise<TicketTagger> {
  if (config.zero_shot) {
    const { hypothesis, model } = config.zero_shot;
    const shared = await acquireModelService('zero-shot', model.path, config, ctx.configDir);
    return releasingOnError(shared, () => new TicketTagger(config, zeroShotScorer(shared.service, config.labels, hypothesis), shared.release));
  }
  const shared = await acquireModelService('embed', (config.model as { path: string }).path, config, ctx.configDir);
  return releasingOnError(shared, async () => new TicketTagger(config, await embeddingScorer(shared.service, config.labels, { center: centersEmbeddings(config), topics: config.description_topics }), shared.release));
}

export const ticketTaggerProcessor = defineProcessor({
  type: 'ticket_tagger',
  summary: 'Tags support tickets with the labels closest in meaning (sentence embeddings, or zero-shot with an NLI model).',
  config: ticketTaggerConfig,
  check: (config, ctx) =>
    checkModelFolders(
      [
        { path: ['model', 'path'], folder: config.model?.path },
        { path: ['zero_shot', 'model', 'path'], folder: config.zero_shot?.model.path },
      ],
      ctx,
    ),
  create: createTagger,
});
