import { defineProcessor } from '../../agent/component.js';
import { acquireModelService, checkModelFolder } from '../model-processor-config.js';
import { ticketTaggerConfig } from './config.js';
import { TicketTagger } from './ticket-tagger.js';

export const ticketTaggerProcessor = defineProcessor({
  type: 'ticket_tagger',
  summary: 'Tags support tickets with the labels whose description and examples are closest in meaning (sentence embeddings).',
  config: ticketTaggerConfig,
  check: checkModelFolder,
  create: async (config, ctx) => {
    const { service, release } = await acquireModelService(config, ctx.configDir);
    try {
      return await TicketTagger.create(config, service, release);
    } catch (error) {
      await release();
      throw error;
    }
  },
});
