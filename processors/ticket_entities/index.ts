import { defineProcessor, patternWarnings } from '../../agent/kit.js';
import { ticketEntitiesConfig } from './config.js';

export const ticketEntitiesProcessor = defineProcessor({
  type: 'ticket_entities',
  summary: 'Writes ticket.entities.<kind>: order ids, amounts ("120.00 USD"), dates (YYYY-MM-DD, chrono-node), SKUs, error codes, tracking numbers and email domains found by named patterns; redacted values are never extracted.',
  config: ticketEntitiesConfig,
  check: (config) =>
    patternWarnings([
      ...config.patterns.map((p, i) => ({ path: ['patterns', i, 'pattern'], pattern: p.pattern, flags: p.ignore_case ? 'gi' : 'g' })),
      ...config.masks.map((mask, i) => ({ path: ['masks', i], pattern: mask, flags: 'g' })),
    ]),
  // chrono-node loads only when a ticket_entities processor is configured, and each language only when needed.
  create: async (config) => {
    const { TicketEntities } = await import('./ticket-entities.js');
    return TicketEntities.create(config);
  },
});
