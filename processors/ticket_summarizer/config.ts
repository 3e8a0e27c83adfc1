import { z } from 'zod';
import { durationSchema } from '../../config/duration.js';

export const ticketSummarizerConfig = z.strictObject({
  field: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .default('message')
    .meta({ description: 'Field(s) holding the ticket text; several are joined.' }),
  model: z.strictObject({ path: z.string().min(1) }).meta({ description: 'Folder of a sentence-embedding model (npm run models).' }),
  max_chars: z.number().int().min(20).default(200).meta({ description: 'Longest summary; a text this short is its own summary.' }),
  batch: z
    .strictObject({ max_size: z.number().int().min(1).default(32), max_wait: durationSchema.prefault('20ms') })
    .prefault({}),
  timeout: durationSchema.prefault('10s'),
  on_failure: z.enum(['tag', 'drop']).default('tag'),
});

export type TicketSummarizerConfig = z.output<typeof ticketSummarizerConfig>;
