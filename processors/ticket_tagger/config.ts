import { z } from 'zod';
import { durationSchema } from '../../config/duration.js';

const labelSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9_-]+$/, 'expected lower-case letters, digits, "_" or "-"'),
  description: z.string().min(1).meta({ description: 'What tickets with this label are about.' }),
  examples: z.array(z.string().min(1)).default([]).meta({ description: 'Example ticket texts; they sharpen the label.' }),
});

export const ticketTaggerConfig = z.strictObject({
  field: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .default('message')
    .meta({ description: 'Field(s) holding the ticket text; several are joined (e.g. [ticket.subject, message]).' }),
  model: z.strictObject({ path: z.string().min(1) }).meta({ description: 'Folder of a sentence-embedding model (npm run models).' }),
  labels: z.array(labelSchema).min(1),
  threshold: z.number().min(-1).max(1).default(0.35).meta({ description: 'Minimum cosine similarity for a label.' }),
  top_k: z.number().int().min(1).default(2).meta({ description: 'At most this many labels per ticket, best first.' }),
  rules: z
    .array(
      z.strictObject({
        tag: z.string().min(1),
        keywords: z.array(z.string().min(1)).min(1),
        action: z.enum(['force', 'forbid']),
      }),
    )
    .default([])
    .meta({ description: 'A ticket containing one of the keywords (case-insensitive) always gets (force) or never gets (forbid) the tag.' }),
  batch: z
    .strictObject({ max_size: z.number().int().min(1).default(32), max_wait: durationSchema.prefault('20ms') })
    .prefault({})
    .meta({ description: 'Dynamic batching of inference across events.' }),
  timeout: durationSchema.prefault('10s').meta({ description: 'Longest wait for inference of one pipeline batch.' }),
  on_failure: z
    .enum(['tag', 'drop'])
    .default('tag')
    .meta({ description: 'When inference fails or times out: tag the events (ticket_tagger_failure) and pass them on, or drop them.' }),
});

export type TicketTaggerConfig = z.output<typeof ticketTaggerConfig>;
