/**
 * bench:tickets' section on cleaning and summaries: the raw tickets (raw-emails.jsonl) through ticket_clean,
 * how much of each body the cleaned text keeps and how much noise is left; then summaries of the cleaned
 * text against the references (ROUGE-1 and ROUGE-L F1): the lead baseline on the raw and on the cleaned
 * text, the summarizer's earlier ranking (similarity to the whole ticket alone) and its current defaults, and
 * the oracles that bound extraction. Defaults were chosen on the dev half (even positions in tickets.jsonl,
 * summaries-tune.ts); the test half is the one to judge by.
 */
import { leadSummary } from './quality.js';
import type { LabelledTicket } from './fixtures.js';
import { mean, rouge1, rougeL } from './metrics.js';
import { cleaningFigures } from './summaries-cleaning.js';
import { loadRawTickets } from './summaries-fixtures.js';
import { bestSubset, cleanTickets, OLD_SELECTION, oracleSentence, summarize } from './summaries-pipeline.js';
import { splitClauses, splitSentences } from '../../processors/ticket_summarizer/sentences.js';

const f3 = (x: number) => x.toFixed(3);
const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)} %`;

export async function summariesSection(tickets: readonly LabelledTicket[], modelDir: string, maxChars: number, out: (text: string) => void): Promise<void> {
  const raws = loadRawTickets();
  const position = new Map(tickets.map((t, i) => [t.id, i]));
  const cleaned = await cleanTickets(tickets, raws, modelDir);
  const n = cleaned.length;

  // Cleaning.
  const figures = cleaningFigures(cleaned.map((c) => ({ raw: c.raw, body: c.ticket.body, cleaned: c.cleaned })));
  out(`\nticket_clean on ${n} raw tickets (test/fixtures/tickets/raw-emails.jsonl: mail, phone and web-form text around each labelled ticket's body)\n`);
  out('| measure | value |\n| --- | --- |');
  out(`| cleaned text equals the body (white space aside) | ${figures.exact} of ${n} (${pct(figures.exact, n)}) |`);
  out(`| cleaned text contains every sentence of the body | ${figures.allSentences} of ${n} (${pct(figures.allSentences, n)}) |`);
  out(`| noise words left (words beyond the body's, of those the raw texts add) | ${figures.noiseWordsLeft} of ${figures.noiseWords} (${pct(figures.noiseWordsLeft, figures.noiseWords)}), in ${figures.ticketsWithNoiseLeft} tickets |`);
  out(`| body words lost | ${figures.bodyWordsLost} of ${figures.bodyWords} (${pct(figures.bodyWordsLost, figures.bodyWords)}) |`);
  out(`| kept the original (cleaning would have emptied it) | ${cleaned.filter((c) => c.keptOriginal).length} |`);
  const fired = new Map<string, number>();
  for (const c of cleaned) for (const rule of c.removed) fired.set(rule, (fired.get(rule) ?? 0) + 1);
  out(`\nrules that removed something (tickets): ${[...fired.entries()].sort((a, b) => b[1] - a[1]).map(([rule, count]) => `${rule} ${count}`).join(', ')}`);

  // Summaries.
  const subjects = cleaned.map((c) => c.ticket.subject);
  const references = cleaned.map((c) => c.ticket.summary);
  const texts = cleaned.map((c) => c.cleaned);
  const rows: [string, string[]][] = [
    ['lead baseline on the raw text (first sentences that fit)', cleaned.map((c) => leadSummary(c.raw, maxChars))],
    ['lead baseline on the cleaned text', texts.map((t) => leadSummary(t, maxChars))],
    ['ticket_summarizer before (sentences closest to the whole ticket), cleaned text', await summarize(texts, subjects, modelDir, maxChars, OLD_SELECTION)],
    ['ticket_summarizer now (defaults), raw text', await summarize(cleaned.map((c) => c.raw), subjects, modelDir, maxChars)],
    ['**ticket_summarizer now (defaults), cleaned text**', await summarize(texts, subjects, modelDir, maxChars)],
    ['oracle: best single sentence of the cleaned text', cleaned.map((c, i) => own(c.cleaned, maxChars) ?? oracleSentence(c.cleaned, references[i] as string, maxChars))],
    ['oracle: best set of sentences within max_chars', cleaned.map((c, i) => own(c.cleaned, maxChars) ?? bestSubset(splitSentences(c.cleaned), references[i] as string, maxChars))],
    ['oracle: best set of clauses within max_chars', cleaned.map((c, i) => own(c.cleaned, maxChars) ?? bestSubset(splitClauses(splitSentences(c.cleaned)), references[i] as string, maxChars))],
  ];
  const half = (parity: number) => cleaned.map((c, i) => ({ c, i })).filter(({ c }) => (position.get(c.ticket.id) as number) % 2 === parity).map(({ i }) => i);
  const halves = { all: cleaned.map((_, i) => i), dev: half(0), test: half(1) };
  const scoreOn = (summaries: string[], metric: (a: string, b: string) => number, on: number[]) => mean(on.map((i) => metric(summaries[i] as string, references[i] as string)));
  out(`\nsummaries of the cleaned tickets, max_chars ${maxChars}, against the reference summaries (mean ${mean(references.map((r) => r.length)).toFixed(0)} chars); F1; dev half ${halves.dev.length} tickets (even positions, where the defaults were chosen), test half ${halves.test.length}\n`);
  out('| summary | mean chars | ROUGE-1 all | dev | **test** | ROUGE-L all | dev | **test** |\n| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [name, summaries] of rows) {
    const cells = [rouge1, rougeL].flatMap((metric) => [halves.all, halves.dev, halves.test].map((on) => f3(scoreOn(summaries, metric, on))));
    out(`| ${name} | ${mean(summaries.map((s) => s.length)).toFixed(0)} | ${cells.join(' | ')} |`);
  }
  const lead = rows[1]?.[1] as string[];
  const now = rows[4]?.[1] as string[];
  out(
    `\nticket_summarizer now − lead baseline (cleaned text), ROUGE-1: all ${f3(scoreOn(now, rouge1, halves.all) - scoreOn(lead, rouge1, halves.all))}, test half ${f3(scoreOn(now, rouge1, halves.test) - scoreOn(lead, rouge1, halves.test))}; ` +
      `tickets short enough to be their own summary: ${texts.filter((t) => own(t, maxChars) !== undefined).length} of ${n}`,
  );
}

/** A text that is its own summary (as the summarizer treats it): short, or a single sentence that fits. */
function own(text: string, maxChars: number): string | undefined {
  const sentences = splitSentences(text);
  return text.length <= maxChars ? sentences.join(' ') : undefined;
}
