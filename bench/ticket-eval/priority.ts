/**
 * Priority and sentiment on the labelled tickets (test/fixtures/tickets/priority-sentiment.jsonl), through
 * ticket_tagger with each built-in label set at its defaults: per-class precision, recall and F1, macro-F1,
 * accuracy and the confusion matrix, next to the majority-class baseline. The defaults were chosen on the
 * dev half (odd ticket numbers) only; the figures are printed for the held-out half (even numbers), the dev
 * half and all tickets, with the dev half's threshold sweep the defaults were read from.
 */
import { Registry } from 'prom-client';
import { pino } from 'pino';
import { z } from 'zod';
import type { ComponentContext } from '../../agent/component.js';
import type { LogEvent } from '../../agent/event.js';
import { ticketTaggerProcessor } from '../../processors/ticket_tagger/index.js';
import { LABEL_SETS, type LabelSetName } from '../../processors/ticket_tagger/label-sets.js';
import { FIXTURES, readFixtureRows, type LabelledTicket } from './fixtures.js';
import { majorityClass, singleLabelReport } from './priority-metrics.js';

const goldSchema = z.strictObject({ id: z.string(), priority: z.enum(['urgent', 'normal', 'low']), sentiment: z.enum(['negative', 'neutral', 'positive']) });
type Gold = z.infer<typeof goldSchema>;

/** The priority and sentiment labels, keyed by ticket id. */
export function loadPrioritySentiment(folder = FIXTURES): Map<string, Gold> {
  const rows = readFixtureRows(folder, 'priority-sentiment.jsonl', goldSchema);
  return new Map(rows.map((row) => [row.id, row]));
}

/** The dev half: odd ticket numbers (TK-001, TK-003, …); the even ones are held out. */
export const isDev = (ticket: { id: string }): boolean => Number(ticket.id.replace(/\D/g, '')) % 2 === 1;

export interface SetRun {
  /** The label the tagger wrote, per ticket. */
  readonly predicted: string[];
  /** Every label's score per ticket, as written beside the label. */
  readonly scores: Record<string, number>[];
}

function context(dir: string): ComponentContext {
  return { id: 'eval', location: 'processors[0]', logger: pino({ level: 'silent' }), stateDir: dir, configDir: dir, deadLetters: { location: 'none', write: () => Promise.reject(new Error('the evaluation keeps no dead letters')), count: () => undefined }, metrics: new Registry() };
}

/** Runs ticket_tagger with a label set (and any other settings) over the tickets, in batches of 32. */
export async function runLabelSet(tickets: readonly LabelledTicket[], modelDir: string, set: LabelSetName, settings: Record<string, unknown> = {}): Promise<SetRun> {
  const config = ticketTaggerProcessor.config.parse({ field: ['ticket.subject', 'message'], model: { path: modelDir }, label_set: set, ...settings });
  const processor = await ticketTaggerProcessor.create(config, context(modelDir));
  try {
    const events = tickets.map((t) => ({ '@timestamp': '2026-11-02T09:00:00Z', message: t.body, ticket: { id: t.id, subject: t.subject } }) as LogEvent);
    for (let i = 0; i < events.length; i += 32) await processor.process(events.slice(i, i + 32));
    const leaf = LABEL_SETS[set].target.replace('ticket.', '');
    const written = events.map((e) => e.ticket as Record<string, unknown>);
    return { predicted: written.map((t) => String(t[leaf])), scores: written.map((t) => t[`${leaf}_scores`] as Record<string, number>) };
  } finally {
    await processor.close?.();
  }
}

const f2 = (x: number) => x.toFixed(2);
const f3 = (x: number) => x.toFixed(3);

export async function priorityAndSentiment(tickets: readonly LabelledTicket[], modelDir: string, out: (text: string) => void): Promise<void> {
  const gold = loadPrioritySentiment();
  const missing = tickets.filter((t) => !gold.has(t.id));
  if (missing.length > 0) throw new Error(`no priority/sentiment label for ${missing.map((t) => t.id).join(', ')}`);
  const halves = [
    { name: 'held-out half (even numbers)', indexes: tickets.flatMap((t, i) => (isDev(t) ? [] : [i])) },
    { name: 'dev half (odd numbers)', indexes: tickets.flatMap((t, i) => (isDev(t) ? [i] : [])) },
    { name: 'all tickets', indexes: tickets.map((_, i) => i) },
  ];
  for (const set of ['priority', 'sentiment'] as const) {
    const { labels, fallback, threshold, rules } = LABEL_SETS[set];
    const names = labels.map((l) => l.name);
    const goldOf = tickets.map((t) => (gold.get(t.id) as Gold)[set]);
    const run = await runLabelSet(tickets, modelDir, set);
    out(
      `\n${set}: ticket_tagger label_set ${set} at its defaults (centred prototypes, threshold ${threshold}, fallback ${fallback}${rules.length > 0 ? ', with its keyword rules' : ''}), ${tickets.length} tickets, all-MiniLM-L6-v2 (int8)\n`,
    );
    for (const { name, indexes } of halves) {
      const g = indexes.map((i) => goldOf[i] as string);
      const p = indexes.map((i) => run.predicted[i] as string);
      const report = singleLabelReport(names, g, p);
      const majority = majorityClass(names, g);
      const baseline = singleLabelReport(
        names,
        g,
        g.map(() => majority),
      );
      out(`${name}, ${g.length} tickets: macro-F1 **${f3(report.macroF1)}**, accuracy ${f3(report.accuracy)}; majority baseline (always ${majority}): macro-F1 ${f3(baseline.macroF1)}, accuracy ${f3(baseline.accuracy)}\n`);
      out('| class | tickets | precision | recall | F1 |\n| --- | --- | --- | --- | --- |');
      for (const c of report.classes) out(`| ${c.label} | ${c.support} | ${f2(c.precision)} | ${f2(c.recall)} | ${f2(c.f1)} |`);
      out(`\nconfusion (rows gold, columns predicted):\n\n| gold \\ predicted | ${names.join(' | ')} |\n| --- |${names.map(() => ' --- |').join('')}`);
      report.confusion.forEach((row, r) => out(`| ${names[r]} | ${row.join(' | ')} |`));
      out('');
    }
    // The sweep reruns the tagger on the dev half at each threshold, so the set's keyword rules count too.
    const devTickets = tickets.filter(isDev);
    const devGold = devTickets.map((t) => (gold.get(t.id) as Gold)[set]);
    const sweep = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3];
    const cells: string[] = [];
    for (const t of sweep) cells.push(f3(singleLabelReport(names, devGold, (await runLabelSet(devTickets, modelDir, set, { threshold: t })).predicted).macroF1));
    out(`dev half, macro-F1 by threshold (best label below it: ${fallback}):\n`);
    out(`| threshold | ${sweep.join(' | ')} |\n| --- |${sweep.map(() => ' --- |').join('')}`);
    out(`| macro-F1 | ${cells.join(' | ')} |`);
  }
}
