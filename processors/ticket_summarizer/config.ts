import { z } from 'zod';
import { modelProcessorFields } from '../model-processor-config.js';

export const ticketSummarizerConfig = z.strictObject({
  ...modelProcessorFields,
  max_chars: z.number().int().min(20).default(200).meta({ description: 'Longest summary; a text this short is its own summary.' }),
});

export type TicketSummarizerConfig = z.output<typeof ticketSummarizerConfig>;
