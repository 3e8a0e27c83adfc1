import { z } from 'zod';
import { regexSchema } from '../../agent/kit.js';
import { BUILTIN_PATTERN_NAMES, ENTITY_KINDS } from './kinds.js';
import { DEFAULT_MASKS } from './masks.js';

export const NORMALISERS = ['none', 'upper', 'lower', 'digits', 'amount'] as const;

const patternSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _')
    .optional()
    .meta({ description: 'A built-in pattern’s name replaces that pattern; any other name adds one (default: custom_<position>).' }),
  kind: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _')
    .meta({ description: `Entity kind, written to <target>.<kind>: one of ${ENTITY_KINDS.join(', ')}, or a kind of your own.` }),
  pattern: regexSchema.meta({ description: 'JavaScript regular expression; the entity is its group named value, else its first group, else the whole match.' }),
  ignore_case: z.boolean().default(false).meta({ description: 'Match regardless of case.' }),
  normalise: z
    .enum(NORMALISERS)
    .default('none')
    .meta({ description: 'none: as written; upper, lower: in that case; digits: the digits only; amount: "<number> <ISO currency>" from a number and a currency code or symbol (unmatched: dropped).' }),
});

export const ticketEntitiesConfig = z.strictObject({
  field: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .default(['ticket.subject', 'message'])
    .meta({ description: 'Field(s) holding the ticket text; several are read as one text, joined by a line break.' }),
  target: z.string().min(1).default('ticket.entities').meta({ description: 'Where entities go: <target>.<kind>, each an array of unique strings; kinds with none found are not written.' }),
  language_field: z
    .string()
    .min(1)
    .default('ticket.language')
    .meta({ description: 'Field with the ticket’s language (ISO 639-1, as detect_language writes it): dates are read with chrono-node’s parser for it where there is one, else in English.' }),
  disable: z
    .array(z.enum(BUILTIN_PATTERN_NAMES))
    .default([])
    .meta({ description: `Built-in patterns to switch off, by name: ${BUILTIN_PATTERN_NAMES.join(', ')}.` }),
  patterns: z.array(patternSchema).default([]).meta({ description: 'Patterns of your own, run after the built-in ones (a pattern named like a built-in one replaces it).' }),
  masks: z
    .array(regexSchema)
    .default([...DEFAULT_MASKS])
    .meta({ description: 'Patterns of the placeholders and masks of redacted values (redact’s [REDACTED:<name>], runs of * or X): nothing that holds or touches one is extracted.' }),
});

export type TicketEntitiesConfig = z.output<typeof ticketEntitiesConfig>;
export type CustomPattern = TicketEntitiesConfig['patterns'][number];
