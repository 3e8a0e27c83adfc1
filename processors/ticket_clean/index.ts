import { defineProcessor } from '../../agent/kit.js';
import { ticketCleanConfig } from './config.js';
import { TicketClean } from './ticket-clean.js';

export const ticketCleanProcessor = defineProcessor({
  type: 'ticket_clean',
  summary: 'Removes greetings, sign-offs, signatures, quoted replies, disclaimers and web-form footers from ticket text; the original goes to ticket.body.',
  config: ticketCleanConfig,
  create: (config) => new TicketClean(config),
});
