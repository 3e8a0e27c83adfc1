/**
 * Entity extraction (ticket_entities) against the labels in test/fixtures/tickets/entities.jsonl, through
 * the demo chain's redact first. The labels were written before the patterns, by the same hands; patterns were
 * then checked against the odd-numbered tickets only ("dev"), so the even-numbered ones ("held out") give the
 * fairer figure. The fixtures carry no time, so every ticket is read as sent at REFERENCE_TIME.
 *   npm run bench:tickets -- --entities-only      (or as part 0 of the whole ticket bench)
 */
import { z } from 'zod';
import type { LogEvent } from '../../agent/kit.js';
import { redactConfig } from '../../processors/redact/config.js';
import { Redact } from '../../processors/redact/redact.js';
import { ticketEntitiesConfig } from '../../processors/ticket_entities/config.js';
import { ENTITY_KINDS } from '../../processors/ticket_entities/kinds.js';
import { TicketEntities } from '../../processors/ticket_entities/ticket-entities.js';
import { entityErrors, entityScores, type EntityMap, type KindScore } from './entities-metrics.js';
import { FIXTURES, loadTickets, readFixtureRows } from './fixtures.js';
import type { MultilingualTicket } from './language.js';

/** When the labelled tickets are taken to have been sent: "yesterday" in them is 2026-12-29. */
export const REFERENCE_TIME = '2026-12-30T12:00:00.000Z';

const labelSchema = z.strictObject({ id: z.string(), entities: z.record(z.string(), z.array(z.string().min(1)).min(1)) });

export function loadEntityLabels(folder = FIXTURES): Map<string, EntityMap> {
  const labels = new Map<string, EntityMap>();
  for (const row of readFixtureRows(folder, 'entities.jsonl', labelSchema)) labels.set(row.id, row.entities);
  return labels;
}

export interface EntityRun {
  readonly ids: string[];
  readonly gold: EntityMap[];
  readonly predicted: EntityMap[];
  readonly microsPerTicket: number;
}

/** Runs redact (as in the demo) and ticket_entities over texts, as events sent at REFERENCE_TIME. */
export async function extractEntities(texts: { subject?: string; body: string; language?: string }[], config: Record<string, unknown> = {}): Promise<{ predicted: EntityMap[]; microsPerTicket: number }> {
  const redact = new Redact(redactConfig.parse({ default_region: 'US' }));
  const entities = await TicketEntities.create(ticketEntitiesConfig.parse(config));
  const events: LogEvent[] = texts.map((t) => ({
    '@timestamp': REFERENCE_TIME,
    message: t.body,
    ticket: { ...(t.subject === undefined ? {} : { subject: t.subject }), ...(t.language === undefined ? {} : { language: t.language }) },
  }));
  redact.process(events);
  // Timed over ten copies of the tickets after a first pass, once the regexes and chrono-node (with every
  // language's parser the tickets need) are warm.
  const copies = Array.from({ length: 10 }, () => structuredClone(events)).flat();
  await entities.process(events);
  const started = process.hrtime.bigint();
  await entities.process(copies);
  const micros = Number(process.hrtime.bigint() - started) / 1000 / Math.max(1, copies.length);
  const predicted = events.map((e) => {
    const found = (e['ticket'] as { entities?: Record<string, string[]> }).entities;
    return found ?? {};
  });
  return { predicted, microsPerTicket: micros };
}

export async function labelledRun(): Promise<EntityRun> {
  const tickets = loadTickets();
  const labels = loadEntityLabels();
  const missing = tickets.filter((t) => !labels.has(t.id)).map((t) => t.id);
  if (missing.length > 0) throw new Error(`entities.jsonl has no labels for ${missing.join(', ')}`);
  const { predicted, microsPerTicket } = await extractEntities(tickets);
  return { ids: tickets.map((t) => t.id), gold: tickets.map((t) => labels.get(t.id) as EntityMap), predicted, microsPerTicket };
}

const isOdd = (id: string) => Number(id.replace(/\D/g, '')) % 2 === 1;
const f2 = (x: number) => x.toFixed(2);

function table(title: string, scores: KindScore[], out: (line: string) => void): void {
  out(`\n${title}\n`);
  out('| kind | labelled | found | precision | recall | F1 |\n| --- | --- | --- | --- | --- | --- |');
  for (const s of scores) {
    const name = s.kind === 'all' ? '**all (micro)**' : s.kind;
    // A kind neither labelled nor found has no precision or recall to speak of.
    const cell = (x: number, n: number) => (n === 0 ? '–' : f2(x));
    out(`| ${name} | ${s.tp + s.fn} | ${s.tp + s.fp} | ${cell(s.precision, s.tp + s.fp)} | ${cell(s.recall, s.tp + s.fn)} | ${cell(s.f1, s.tp + s.fp + s.fn)} |`);
  }
}

/** Prints the entity tables: all tickets, dev (odd ids), held out (even ids), and the errors of the dev half when `showErrors`. */
export async function entitiesReport(out: (line: string) => void, { showErrors = false } = {}): Promise<EntityRun> {
  const run = await labelledRun();
  const pick = (keep: (id: string) => boolean) => {
    const idx = run.ids.map((id, i) => (keep(id) ? i : -1)).filter((i) => i >= 0);
    return {
      ids: idx.map((i) => run.ids[i] as string),
      gold: idx.map((i) => run.gold[i] as EntityMap),
      predicted: idx.map((i) => run.predicted[i] as EntityMap),
    };
  };
  const withoutDates = (await extractEntities(loadTickets(), { disable: ['date_chrono'] })).microsPerTicket;
  const dev = pick(isOdd);
  const held = pick((id) => !isOdd(id));
  out(`ticket entities, ${run.ids.length} tickets (redact, then ticket_entities at its defaults; sent at ${REFERENCE_TIME}), ${run.microsPerTicket.toFixed(0)} µs per ticket (${withoutDates.toFixed(0)} µs without dates: chrono-node takes the rest)`);
  table(`held-out half (even ids, ${held.ids.length} tickets, patterns were not checked against them)`, entityScores(ENTITY_KINDS, held.gold, held.predicted), out);
  table(`dev half (odd ids, ${dev.ids.length} tickets)`, entityScores(ENTITY_KINDS, dev.gold, dev.predicted), out);
  table(`all ${run.ids.length} tickets`, entityScores(ENTITY_KINDS, run.gold, run.predicted), out);
  if (showErrors) {
    out('\ndev-half errors (-missed +extra):');
    for (const line of entityErrors(dev.ids, dev.gold, dev.predicted)) out(`  ${line}`);
  }
  return run;
}

/**
 * The multilingual tickets: amounts and order ids read the same in every language; dates need chrono-node's
 * parser for the language, so they are read three ways: in English only, in the language detect_language
 * found (`detected`, as in the demo chain), and in the labelled language.
 */
export async function multilingualEntitiesReport(tickets: readonly MultilingualTicket[], detected: readonly string[], out: (line: string) => void): Promise<void> {
  const gold = tickets.map((t) => t.entities);
  const kinds = ['order_id', 'amount', 'date'];
  const ways: [string, (t: MultilingualTicket, i: number) => string | undefined][] = [
    ['English only', () => undefined],
    ['language from detect_language', (_t, i) => detected[i]],
    ['labelled language', (t) => t.language],
  ];
  out(`\nticket entities on the ${tickets.length} multilingual tickets (F1; precision / recall), dates read:\n`);
  out(`| dates read | ${kinds.join(' | ')} | all (micro) |\n| --- |${kinds.map(() => ' --- |').join('')} --- |`);
  let errors: string[] = [];
  for (const [name, language] of ways) {
    const { predicted } = await extractEntities(tickets.map((t, i) => ({ body: t.text, language: language(t, i) })));
    const scores = entityScores(kinds, gold, predicted);
    out(`| ${name} | ${scores.map((s) => `${f2(s.f1)} (${f2(s.precision)} / ${f2(s.recall)})`).join(' | ')} |`);
    if (name === 'language from detect_language') errors = entityErrors(tickets.map((t) => t.id), gold, predicted);
  }
  out(`\nerrors (-missed +extra) with the language from detect_language: ${errors.length === 0 ? 'none' : errors.join('; ')}`);
}

/** The whole section of the ticket bench: entities on the labelled tickets, languages and entities on the multilingual ones. */
export async function entitiesAndLanguageSection(out: (line: string) => void): Promise<void> {
  await entitiesReport(out);
  const { languageReport, loadMultilingual } = await import('./language.js');
  const detected = languageReport(out);
  await multilingualEntitiesReport(loadMultilingual(), detected, out);
}
