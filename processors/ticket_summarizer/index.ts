import { defineProcessor } from '../../agent/kit.js';
import { checkModelFolders } from '../model-processor-config.js';
import { ticketSummarizerConfig } from './config.js';

export const ticketSummarizerProcessor = defineProcessor({
  type: 'ticket_summarizer',
  summary: 'Writes ticket.summary: the sentences that best state the problem (close to the subject and the whole ticket, early, not redundant), within max_chars, or an abstractive summary from a seq2seq model.',
  config: ticketSummarizerConfig,
  check: (config, ctx) => checkModelFolders(config, 'abstractive', ctx),
  // The model service and strategies load on first use, not in agents without a summarizer.
  create: async (config, context) => {
    const [{ createModelProcessor }, { abstractiveStrategy, extractiveStrategy }, { summaryProfile, ticketSummaries }] = await Promise.all([
      import('../model-processor.js'),
      import('./strategies.js'),
      import('./ticket-summarizer.js'),
    ]);
    const common = { type: 'ticket_summarizer', namespace: 'ticket.summarizer', settings: config, profile: summaryProfile, context };
    if (config.abstractive) {
      const { model, max_new_tokens: maxNewTokens } = config.abstractive;
      return createModelProcessor({ ...common, task: 'summarize', folder: model.path }, (service) => ticketSummaries(abstractiveStrategy(service, config.max_chars, maxNewTokens), config.subject_field));
    }
    return createModelProcessor({ ...common, task: 'embed', folder: (config.model as { path: string }).path }, (service) => ticketSummaries(extractiveStrategy(service, config.max_chars, config.selection), config.subject_field));
  },
});
