/**
 * The raw tickets (test/fixtures/tickets/raw-emails.jsonl, written by scripts/tickets/raw-emails.ts): each
 * labelled ticket as it arrives by mail, phone or web form, keyed by the ticket's id.
 */
import { z } from 'zod';
import { FIXTURES, readFixtureRows } from './fixtures.js';

const rawTicketSchema = z.strictObject({
  id: z.string(),
  channel: z.enum(['email', 'mobile', 'web_form', 'plain']),
  noise: z.array(z.string()),
  raw: z.string().min(1),
});
export type RawTicket = z.infer<typeof rawTicketSchema>;

export function loadRawTickets(folder = FIXTURES): Map<string, RawTicket> {
  const byId = new Map<string, RawTicket>();
  for (const row of readFixtureRows(folder, 'raw-emails.jsonl', rawTicketSchema)) byId.set(row.id, row);
  return byId;
}
