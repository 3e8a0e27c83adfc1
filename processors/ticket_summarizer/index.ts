import { defineProcessor, type ComponentContext } from '../../agent/kit.js';
import { acquireModelService, checkModelFolders, releasingOnError } from '../model-processor-config.js';
import { ticketSummarizerConfig, type TicketSummarizerConfig } from './config.js';
import { abstractiveStrategy, extractiveStrategy } from './strategies.js';
import { TicketSummarizer } from './ticket-summarizer.js';

async function createSummarizer(config: TicketSummarizerConfig, ctx: ComponentContext): Promise<TicketSummarizer> {
  if (config.abstractive) {
    const { model, max_new_tokens: maxNewTokens } = config.abstractive;
    const shared = await acquireModelService('summarize', model.path, config, ctx.configDir);
    return releasingOnError(shared, () => new TicketSummarizer(config, abstractiveStrategy(shared.service, config.max_chars, maxNewTokens), shared.release));
  }
  const shared = await acquireModelService('embed', (config.model as { path: string }).path, config, ctx.configDir);
  return releasingOnError(shared, () => new TicketSummarizer(config, extractiveStrategy(shared.service, config.max_chars), shared.release));
}

export const ticketSummarizerProcessor = defineProcessor({
  type: 'ticket_summarizer',
  summary: 'Writes ticket.summary: the sentences closest in meaning to the whole ticket, within max_chars, or an abstractive summary from a seq2seq model.',
  config: ticketSummarizerConfig,
  check: (config, ctx) =>
    checkModelFolders(
      [
        { path: ['model', 'path'], folder: config.model?.path },
        { path: ['abstractive', 'model', 'path'], folder: config.abstractive?.model.path },
      ],
      ctx,
    ),
  create: createSummarizer,
});
