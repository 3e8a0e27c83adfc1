/**
 * Quality on the labelled tickets, through the processors themselves (the same code the agent runs):
 * tagging (linear head or prototypes, with examples or descriptions only), and extractive summaries
 * against the references.
 */
import { Registry } from 'prom-client';
import { pino } from 'pino';
import type { ComponentContext, Processor } from '../../agent/component.js';
import type { LogEvent } from '../../agent/event.js';
import { splitSentences, chooseSentences } from '../../processors/ticket_summarizer/sentences.js';
import { ticketSummarizerProcessor } from '../../processors/ticket_summarizer/index.js';
import { ticketTaggerProcessor } from '../../processors/ticket_tagger/index.js';
import type { LabelDefinition, LabelledTicket } from './fixtures.js';

export const TEXT_FIELDS = ['ticket.subject', 'message'];
const BATCH = 32;

function context(dir: string): ComponentContext {
  return { id: 'eval', location: 'processors[0]', logger: pino({ level: 'silent' }), stateDir: dir, configDir: dir, deadLetters: { location: 'none', write: () => Promise.reject(new Error('the evaluation keeps no dead letters')), count: () => undefined }, metrics: new Registry() };
}

function ticketEvent(ticket: LabelledTicket): LogEvent {
  return { '@timestamp': '2026-11-02T09:00:00Z', message: ticket.body, ticket: { id: ticket.id, subject: ticket.subject } } as LogEvent;
}

async function runInBatches(processor: Processor, events: LogEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += BATCH) await processor.process(events.slice(i, i + BATCH));
}

export interface TaggingRun {
  /** Tags the processor wrote, per ticket (best first). */
  predicted: string[][];
  /** Every label's score per ticket, to evaluate other thresholds without running the model again. */
  scores: Record<string, number>[];
}

export interface TagRule {
  threshold: number;
  margin: number;
  topK: number;
}

export interface TaggingMode {
  /** The linear head (the processor's default) or prototypes. */
  method: 'linear' | 'prototype';
  /** Centre embeddings on the mean of the label texts (the processor's default). */
  center: boolean;
  /** Embed each topic of a description as a label text too (the processor's default). */
  topics: boolean;
  rule: TagRule;
}

export async function tagTickets(tickets: LabelledTicket[], labels: LabelDefinition[], modelDir: string, { method, center, topics, rule }: TaggingMode): Promise<TaggingRun> {
  const config = ticketTaggerProcessor.config.parse({ field: TEXT_FIELDS, model: { path: modelDir }, labels, method, center, description_topics: topics, threshold: rule.threshold, margin: rule.margin, top_k: rule.topK });
  const processor = await ticketTaggerProcessor.create(config, context(modelDir));
  try {
    const events = tickets.map(ticketEvent);
    await runInBatches(processor, events);
    const ticketsOut = events.map((e) => e.ticket as { tags?: string[]; tag_scores?: Record<string, number> });
    return { predicted: ticketsOut.map((t) => t.tags ?? []), scores: ticketsOut.map((t) => t.tag_scores ?? {}) };
  } finally {
    await processor.close?.();
  }
}

/** The processor's rule (score ≥ threshold and within margin of the best, at most top_k) applied to stored scores. */
export function tagsAt(scores: Record<string, number>, rule: TagRule): string[] {
  const ranked = Object.entries(scores).sort((a, b) => b[1] - a[1]);
  const floor = Math.max(rule.threshold, (ranked[0]?.[1] ?? 0) - rule.margin);
  return ranked
    .filter(([, score]) => score >= floor)
    .slice(0, rule.topK)
    .map(([name]) => name);
}

export async function summarizeTickets(tickets: LabelledTicket[], modelDir: string, maxChars: number): Promise<string[]> {
  const config = ticketSummarizerProcessor.config.parse({ field: 'message', model: { path: modelDir }, max_chars: maxChars });
  const processor = await ticketSummarizerProcessor.create(config, context(modelDir));
  try {
    const events = tickets.map(ticketEvent);
    await runInBatches(processor, events);
    return events.map((e) => (e.ticket as { summary?: string }).summary ?? '');
  } finally {
    await processor.close?.();
  }
}

/** The usual extractive baseline: the leading sentences that fit in maxChars. */
export function leadSummary(text: string, maxChars: number): string {
  const sentences = splitSentences(text);
  return chooseSentences(
    sentences,
    sentences.map((_, i) => -i),
    maxChars,
  );
}
