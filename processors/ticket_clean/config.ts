import { z } from 'zod';
import { RULE_NAMES } from './rules.js';

/** A pattern from the config: matched case-insensitively against each trimmed line (flags iu). */
const linePattern = z
  .string()
  .min(1)
  .refine((pattern) => {
    try {
      new RegExp(pattern, 'iu');
      return true;
    } catch {
      return false;
    }
  }, 'invalid regular expression (compiled with flags iu)');

const customRule = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z0-9_]+$/, 'lower-case letters, digits and "_"')
    .meta({ description: 'Reported in removed_field when the rule removes something.' }),
  pattern: linePattern.meta({ description: 'Regular expression tested against each trimmed line, case-insensitive (e.g. "^\\\\[External\\\\]").' }),
});

export const ticketCleanConfig = z.strictObject({
  field: z.string().min(1).default('message').meta({ description: 'Field with the ticket text; the cleaned text is written back to it.' }),
  original_field: z.string().min(1).default('ticket.body').meta({ description: 'Where the text as it arrived is kept (after redact, when redact runs first).' }),
  removed_field: z
    .string()
    .min(1)
    .default('ticket.clean.removed')
    .meta({ description: 'Names of the rules that removed something (e.g. [greeting, quoted_reply]); not written when nothing was removed.' }),
  rules: z
    .strictObject({
      disable: z
        .array(z.enum(RULE_NAMES))
        .default([])
        .meta({ description: `Built-in rules to turn off: ${RULE_NAMES.join(', ')}.` }),
      drop_lines: z.array(customRule).default([]).meta({ description: 'More lines to drop wherever they are (tried before the built-in rules).' }),
      cut_at: z.array(customRule).default([]).meta({ description: 'Lines from which everything is cut, the line included (tried before the built-in rules).' }),
    })
    .prefault({})
    .meta({ description: 'Which rules run (docs/processors.md lists the built-in ones).' }),
});

export type TicketCleanConfig = z.output<typeof ticketCleanConfig>;
