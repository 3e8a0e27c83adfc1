import { defineProcessor } from '../../agent/component.js';
import { acquireModelService, checkModelFolder } from '../model-processor-config.js';
import { ticketSummarizerConfig } from './config.js';
import { TicketSummarizer } from './ticket-summarizer.js';

export const ticketSummarizerProcessor = defineProcessor({
  type: 'ticket_summarizer',
  summary: 'Writes ticket.summary: the most central sentences of the ticket, in order, within max_chars.',
  config: ticketSummarizerConfig,
  check: checkModelFolder,
  create: async (config, ctx) => {
    const { service, release } = await acquireModelService(config, ctx.configDir);
    return new TicketSummarizer(config, service, release);
  },
});
