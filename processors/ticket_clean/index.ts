import { defineProcessor, patternWarnings } from '../../agent/kit.js';
import { ticketCleanConfig } from './config.js';
import { TicketClean } from './ticket-clean.js';

export const ticketCleanProcessor = defineProcessor({
  type: 'ticket_clean',
  summary: 'Removes greetings, sign-offs, signatures, quoted replies, disclaimers and web-form footers from ticket text; the original goes to ticket.body.',
  config: ticketCleanConfig,
  check: (config) =>
    patternWarnings(
      (['drop_lines', 'cut_at'] as const).flatMap((list) => config.rules[list].map((rule, i) => ({ path: ['rules', list, i, 'pattern'], pattern: rule.pattern, flags: 'iu' }))),
    ),
  create: (config) => new TicketClean(config),
});
