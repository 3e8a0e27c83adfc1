/**
 * The raw tickets (test/fixtures/tickets/raw-emails.jsonl, written by scripts/tickets/raw-emails.ts): each
 * labelled ticket as it arrives by mail, phone or web form, keyed by the ticket's id.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { FIXTURES } from './fixtures.js';

const rawTicketSchema = z.strictObject({
  id: z.string(),
  channel: z.enum(['email', 'mobile', 'web_form', 'plain']),
  noise: z.array(z.string()),
  raw: z.string().min(1),
});
export type RawTicket = z.infer<typeof rawTicketSchema>;

export function loadRawTickets(folder = FIXTURES): Map<string, RawTicket> {
  const byId = new Map<string, RawTicket>();
  readFileSync(path.join(folder, 'raw-emails.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .forEach((line, i) => {
      const parsed = rawTicketSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`raw-emails.jsonl line ${i + 1}: ${parsed.error.message}`);
      byId.set(parsed.data.id, parsed.data);
    });
  return byId;
}
