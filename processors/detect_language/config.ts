import { z } from 'zod';
import { LANGUAGE_CODES } from './languages.js';

export const detectLanguageConfig = z.strictObject({
  field: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .default(['ticket.subject', 'message'])
    .meta({ description: 'Field(s) holding the text; several are read as one text, joined by a line break.' }),
  target: z.string().min(1).default('ticket.language').meta({ description: 'Where the language goes: an ISO 639-1 code (en, de, ...), the 639-3 code for a language without one, or und.' }),
  min_length: z
    .number()
    .int()
    .min(1)
    .default(20)
    .meta({ description: 'Shortest text (in characters, redacted placeholders left out) to guess the language of; shorter ones get und.' }),
  only: z
    .array(z.string().refine((code) => LANGUAGE_CODES.includes(code), { message: `a language franc-min knows: ${LANGUAGE_CODES.join(', ')}` }))
    .min(1)
    .optional()
    .meta({ description: 'Languages to choose from (ISO 639-1 codes such as en, de, fr); fewer candidates make short texts more reliable. Default: all 76 of franc-min’s.' }),
});

export type DetectLanguageConfig = z.output<typeof detectLanguageConfig>;
