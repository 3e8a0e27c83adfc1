import { z } from 'zod';

export const parseJsonConfig = z.strictObject({
  field: z.string().min(1).default('message').meta({ description: 'Field holding the JSON text.' }),
  target: z
    .string()
    .default('')
    .meta({ description: 'Where parsed fields go: "" merges them into the event root (parsed values win), else a field path such as "json".' }),
  timestamp_field: z
    .string()
    .optional()
    .meta({ description: 'Parsed field with the event time (ISO 8601 or epoch milliseconds); it becomes @timestamp.' }),
});

export type ParseJsonConfig = z.output<typeof parseJsonConfig>;
