import { z } from 'zod';
import { modelProcessorFields } from '../model-processor-config.js';

const labelSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9_-]+$/, 'expected lower-case letters, digits, "_" or "-"'),
  description: z.string().min(1).meta({ description: 'What tickets with this label are about.' }),
  examples: z.array(z.string().min(1)).default([]).meta({ description: 'Example ticket texts; they sharpen the label.' }),
});

export const ticketTaggerConfig = z.strictObject({
  ...modelProcessorFields,
  labels: z.array(labelSchema).min(1),
  threshold: z.number().min(-1).max(1).default(0.25).meta({ description: 'Minimum cosine similarity for a label.' }),
  margin: z
    .number()
    .min(0)
    .max(2)
    .default(0.1)
    .meta({ description: 'A label other than the best is kept only when its score is within this much of the best one.' }),
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
});

export type TicketTaggerConfig = z.output<typeof ticketTaggerConfig>;
