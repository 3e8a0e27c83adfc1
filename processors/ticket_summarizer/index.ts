import path from 'node:path';
import { defineProcessor } from '../../agent/component.js';
import { acquireEmbeddingService } from '../../models/inference/shared-services.js';
import { ticketSummarizerConfig } from './config.js';
import { TicketSummarizer } from './ticket-summarizer.js';

export const ticketSummarizerProcessor = defineProcessor({
  type: 'ticket_summarizer',
  summary: 'Writes ticket.summary: the most central sentences of the ticket, in order, within max_chars.',
  config: ticketSummarizerConfig,
  create: async (config, ctx) => {
    const { service, release } = await acquireEmbeddingService(path.resolve(ctx.configDir, config.model.path), {
      maxBatch: config.batch.max_size,
      maxWaitMs: config.batch.max_wait,
    });
    return new TicketSummarizer(config, service, release);
  },
});
