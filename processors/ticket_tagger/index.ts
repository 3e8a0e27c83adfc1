import path from 'node:path';
import { defineProcessor } from '../../agent/component.js';
import { acquireEmbeddingService } from '../../models/inference/shared-services.js';
import { ticketTaggerConfig } from './config.js';
import { TicketTagger } from './ticket-tagger.js';

export const ticketTaggerProcessor = defineProcessor({
  type: 'ticket_tagger',
  summary: 'Tags support tickets with the labels whose description and examples are closest in meaning (sentence embeddings).',
  config: ticketTaggerConfig,
  create: async (config, ctx) => {
    const { service, release } = await acquireEmbeddingService(path.resolve(ctx.configDir, config.model.path), {
      maxBatch: config.batch.max_size,
      maxWaitMs: config.batch.max_wait,
    });
    try {
      return await TicketTagger.create(config, service, release);
    } catch (error) {
      await release();
      throw error;
    }
  },
});
