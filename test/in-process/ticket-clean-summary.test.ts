/**
 * ticket_clean then ticket_summarizer with the real all-MiniLM-L6-v2 weights, as the demo chain runs them:
 * noisy mail and web-form tickets are cleaned before the summarizer sees them, and the summary is made of
 * the customer's own words; on the raw-email fixture the chain beats the lead baseline.
 */
import { Registry } from 'prom-client';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { ComponentContext, Processor } from '../../agent/component.js';
import type { LogEvent } from '../../agent/event.js';
import { ticketCleanProcessor } from '../../processors/ticket_clean/index.js';
import { ticketSummarizerProcessor } from '../../processors/ticket_summarizer/index.js';
import { loadTickets } from '../../bench/ticket-eval/fixtures.js';
import { mean, rouge1 } from '../../bench/ticket-eval/metrics.js';
import { leadSummary } from '../../bench/ticket-eval/quality.js';
import { loadRawTickets } from '../../bench/ticket-eval/summaries-fixtures.js';
import { MemoryDeadLetters } from '../helpers/dead-letters.js';

const root = path.resolve(import.meta.dirname, '../..');
const model = path.join(root, 'models', 'all-minilm-l6-v2');
const context = (): ComponentContext => ({ id: 'c', location: 'processors[0]', logger: pino({ level: 'silent' }), stateDir: root, configDir: root, deadLetters: new MemoryDeadLetters(), metrics: new Registry() });
const created: Processor[] = [];
afterAll(async () => {
  for (const p of created) await p.close?.();
});

async function chain(maxChars: number): Promise<(events: LogEvent[]) => Promise<LogEvent[]>> {
  const clean = await ticketCleanProcessor.create(ticketCleanProcessor.config.parse({}), context());
  // The default inference timeout would tag the batch as failed on a busy machine; quality is the point here.
  const summarizer = await ticketSummarizerProcessor.create(ticketSummarizerProcessor.config.parse({ model: { path: model }, max_chars: maxChars, timeout: 120_000 }), context());
  created.push(clean, summarizer);
  return async (events) => summarizer.process(await clean.process(events));
}

const EMAIL = `Hi team,

I was charged twice for order ORD-632084 yesterday. Both charges of 97.66 EUR show on my card statement.
Please refund one of the two charges.

Thanks,
Maria Costa
Office Manager | Studio Lumen
Tel: +44 20 7946 0958

On Tue, 3 Nov 2026 at 10:12, Shop Support <support@shop.example> wrote:
> Hello Maria, thank you for your order. Your parcel is on its way and will arrive within 3 days.
> Kind regards, Shop Support`;

const WEB_FORM = `Name: Priya Natarajan
Email: [REDACTED:email]
Message: The app closes as soon as I tap "Pay now" in the cart, since yesterday's update. I tried reinstalling it twice and the same thing happens every time.
---
Ticket submitted via web form
Browser: Chrome 131.0 OS: Android 15
[ref:_00D5e8Kx._5007Q2abc:ref]`;

describe('ticket_clean + ticket_summarizer', () => {
  it('summarizes the customer’s words, not the greeting, signature or quoted reply; the original stays in ticket.body', async () => {
    const run = await chain(120);
    const [email, form] = await run([
      { '@timestamp': 't', message: EMAIL, ticket: { subject: 'Charged twice' } },
      { '@timestamp': 't', message: WEB_FORM, ticket: { subject: 'App crashes on checkout' } },
    ]);
    const ticket = (e: LogEvent | undefined) => e?.ticket as { summary: string; body: string; clean: { removed: string[] } };
    expect(ticket(email).body).toBe(EMAIL);
    expect(email?.message).toBe('I was charged twice for order ORD-632084 yesterday. Both charges of 97.66 EUR show on my card statement.\nPlease refund one of the two charges.');
    expect(ticket(email).clean.removed).toEqual(['greeting', 'sign_off']);
    expect(ticket(email).summary).toMatch(/charged twice|refund/);
    expect(ticket(email).summary).not.toMatch(/Maria|parcel is on its way|Studio Lumen|Hi team/);
    expect(ticket(email).summary.length).toBeLessThanOrEqual(120);
    expect(ticket(form).summary).toMatch(/Pay now|app closes/);
    expect(ticket(form).summary).not.toMatch(/Chrome|web form|ref:|Priya/);
  });

  it('on the raw-email fixture, summaries of the cleaned text beat the lead baseline of the raw text and match or beat it on the cleaned text (ROUGE-1)', async () => {
    const fixtures = path.join(root, 'test', 'fixtures', 'tickets');
    const tickets = loadTickets(fixtures);
    const raws = loadRawTickets(fixtures);
    const labelled = tickets.filter((t) => raws.has(t.id));
    const run = await chain(140);
    const events = await run(labelled.map((t) => ({ '@timestamp': 't', message: raws.get(t.id)?.raw as string, ticket: { subject: t.subject } })));
    const ours = mean(events.map((e, i) => rouge1((e.ticket as { summary: string }).summary, labelled[i]?.summary as string)));
    const leadRaw = mean(labelled.map((t) => rouge1(leadSummary(raws.get(t.id)?.raw as string, 140), t.summary)));
    const leadCleaned = mean(events.map((e, i) => rouge1(leadSummary(e.message as string, 140), labelled[i]?.summary as string)));
    // bench:tickets: 0.39 here against 0.38 (lead on the cleaned text) and 0.31 (lead on the raw text).
    expect(ours, `chain ${ours.toFixed(3)} vs lead on raw text ${leadRaw.toFixed(3)}`).toBeGreaterThan(leadRaw + 0.05);
    expect(ours, `chain ${ours.toFixed(3)} vs lead on cleaned text ${leadCleaned.toFixed(3)}`).toBeGreaterThan(leadCleaned);
  }, 180_000); // embeds every labelled ticket with the real model: on a busy machine that outlasts the default
});

it('keeps the original of a ticket that is nothing but noise, and tags it', async () => {
  const clean = await ticketCleanProcessor.create(ticketCleanProcessor.config.parse({}), context());
  const [event] = await clean.process([{ '@timestamp': 't', message: 'Hello,\n\nSent from my iPhone' }]);
  expect(event?.message).toBe('Hello,\n\nSent from my iPhone');
  expect(event?.tags).toEqual(['ticket_clean_kept_original']);
  expect((event?.ticket as { clean: { removed: string[] } }).clean.removed).toEqual(['greeting', 'mobile_footer']);
});
