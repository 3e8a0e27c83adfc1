/**
 * The labelled tickets through the ticket processors themselves, as the agent runs them: the raw text
 * (raw-emails.jsonl) through ticket_clean, then ticket_summarizer on the cleaned text with the subject in
 * ticket.subject; and the extractive baselines and ceiling it is compared with.
 */
import { Registry } from 'prom-client';
import { pino } from 'pino';
import type { ComponentContext, Processor } from '../../agent/component.js';
import type { LogEvent } from '../../agent/event.js';
import { ticketCleanProcessor } from '../../processors/ticket_clean/index.js';
import type { SelectionWeights } from '../../processors/ticket_summarizer/selection.js';
import { splitSentences } from '../../processors/ticket_summarizer/sentences.js';
import { ticketSummarizerProcessor } from '../../processors/ticket_summarizer/index.js';
import type { LabelledTicket } from './fixtures.js';
import { rouge1 } from './metrics.js';
import type { RawTicket } from './summaries-fixtures.js';

const BATCH = 32;

function context(dir: string): ComponentContext {
  return { id: 'eval', location: 'processors[0]', logger: pino({ level: 'silent' }), stateDir: dir, configDir: dir, deadLetters: { location: 'none', write: () => Promise.reject(new Error('the evaluation keeps no dead letters')), count: () => undefined }, metrics: new Registry() };
}

async function runInBatches(processor: Processor, events: LogEvent[]): Promise<void> {
  try {
    for (let i = 0; i < events.length; i += BATCH) await processor.process(events.slice(i, i + BATCH));
  } finally {
    await processor.close?.();
  }
}

export interface CleanedTicket {
  readonly ticket: LabelledTicket;
  readonly raw: string;
  /** What ticket_clean wrote to message (the raw text where it kept the original). */
  readonly cleaned: string;
  readonly removed: readonly string[];
  readonly keptOriginal: boolean;
}

/** Each labelled ticket that has a raw text, cleaned by the ticket_clean processor at its defaults. */
export async function cleanTickets(tickets: readonly LabelledTicket[], raws: ReadonlyMap<string, RawTicket>, dir: string): Promise<CleanedTicket[]> {
  const withRaw = tickets.filter((t) => raws.has(t.id));
  const events: LogEvent[] = withRaw.map((t) => ({ '@timestamp': '2026-11-02T09:00:00Z', message: (raws.get(t.id) as RawTicket).raw, ticket: { id: t.id, subject: t.subject } }) as LogEvent);
  await runInBatches(await ticketCleanProcessor.create(ticketCleanProcessor.config.parse({}), context(dir)), events);
  return events.map((event, i) => {
    const ticket = event.ticket as { clean?: { removed?: string[] } };
    return {
      ticket: withRaw[i] as LabelledTicket,
      raw: (raws.get((withRaw[i] as LabelledTicket).id) as RawTicket).raw,
      cleaned: event.message as string,
      removed: ticket.clean?.removed ?? [],
      keptOriginal: (event.tags ?? []).includes('ticket_clean_kept_original'),
    };
  });
}

/** ticket_summarizer (extractive) on `texts`, with each ticket's subject in ticket.subject. */
export async function summarize(texts: readonly string[], subjects: readonly string[], modelDir: string, maxChars: number, selection?: SelectionWeights): Promise<string[]> {
  const config = ticketSummarizerProcessor.config.parse({ field: 'message', model: { path: modelDir }, max_chars: maxChars, timeout: 600_000, ...(selection === undefined ? {} : { selection }) });
  const events: LogEvent[] = texts.map((message, i) => ({ '@timestamp': '2026-11-02T09:00:00Z', message, ticket: { subject: subjects[i] as string } }) as LogEvent);
  await runInBatches(await ticketSummarizerProcessor.create(config, context(modelDir)), events);
  return events.map((e) => (e.ticket as { summary?: string }).summary ?? '');
}

/** The summarizer as it was: sentences ranked by similarity to the whole ticket alone. */
export const OLD_SELECTION: SelectionWeights = { units: 'sentences', ticket: 1, subject: 0, position: 0, facts: 0, redundancy: 0 };

/** The best single sentence of the text against the reference (cut to maxChars as the summarizer cuts): what extraction of one sentence can reach at most. */
export function oracleSentence(text: string, reference: string, maxChars: number): string {
  let best = '';
  let bestScore = -1;
  for (const sentence of splitSentences(text)) {
    const candidate = sentence.length <= maxChars ? sentence : `${sentence.slice(0, maxChars - 1).trimEnd()}…`;
    const score = rouge1(candidate, reference);
    if (score > bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  return best;
}

/** The best set of units (in their order, within maxChars) against the reference, by trying every set of the first 14 units. */
export function bestSubset(units: readonly string[], reference: string, maxChars: number): string {
  let best = '';
  let bestScore = -1;
  const n = Math.min(units.length, 14);
  for (let mask = 1; mask < 1 << n; mask++) {
    const text = units.filter((_, i) => mask & (1 << i)).join(' ');
    if (text.length > maxChars) continue;
    const score = rouge1(text, reference);
    if (score > bestScore) {
      bestScore = score;
      best = text;
    }
  }
  return best;
}
