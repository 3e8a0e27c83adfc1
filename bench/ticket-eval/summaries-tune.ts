/**
 * Chooses ticket_summarizer's selection weights (processors/ticket_summarizer/config.ts) on the dev half
 * of the labelled tickets (even positions in tickets.jsonl: TK-001, TK-003, …) only: the raw tickets are
 * cleaned by ticket_clean, every sentence, ticket and subject is embedded once, and a grid of weights is
 * scored by mean ROUGE-1 against the references. Prints the best settings on the dev half; the other half
 * is for reporting (bench:tickets) and is not looked at here.
 * Usage: npm run build && node dist/bench/ticket-eval/summaries-tune.js [--max-chars 140]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { acquireService } from '../../models/inference/shared-services.js';
import { cosine } from '../../models/vectors.js';
import { selectSentences, type SelectionWeights } from '../../processors/ticket_summarizer/selection.js';
import { splitSentences } from '../../processors/ticket_summarizer/sentences.js';
import { loadTickets } from './fixtures.js';
import { mean, rouge1 } from './metrics.js';
import { loadRawTickets } from './summaries-fixtures.js';
import { cleanTickets } from './summaries-pipeline.js';

const { values } = parseArgs({ options: { 'max-chars': { type: 'string', default: '140' } } });
const maxChars = Number(values['max-chars']);
const root = path.resolve(import.meta.dirname, '../../..');
const modelDir = path.join(root, 'models', 'all-minilm-l6-v2');

const cleaned = (await cleanTickets(loadTickets(), loadRawTickets(), modelDir)).filter((_, i) => i % 2 === 0);
const { service, release } = await acquireService('embed', modelDir, { maxBatch: 32, maxWaitMs: 0 });
interface Prepared {
  sentences: string[];
  ticket: number[];
  subject: number[];
  vectors: Float32Array[];
  reference: string;
  text: string;
}
const prepared: Prepared[] = [];
try {
  for (const { ticket, cleaned: text } of cleaned) {
    const sentences = splitSentences(text);
    const [whole, subject, ...own] = await service.run([text, ticket.subject, ...sentences]);
    prepared.push({
      sentences,
      text,
      vectors: own,
      ticket: own.map((v) => cosine(v, whole as Float32Array)),
      subject: own.map((v) => cosine(v, subject as Float32Array)),
      reference: ticket.summary,
    });
  }
} finally {
  await release();
}

function score(weights: SelectionWeights): number {
  return mean(
    prepared.map((p) => {
      const summary = p.text.length <= maxChars || p.sentences.length <= 1 ? p.sentences.join(' ') : selectSentences(p.sentences, { ticket: p.ticket, subject: p.subject, between: (i, j) => cosine(p.vectors[i] as Float32Array, p.vectors[j] as Float32Array) }, weights, maxChars);
      return rouge1(summary, p.reference);
    }),
  );
}

const results: { weights: SelectionWeights; rouge1: number }[] = [];
for (const subject of [0, 0.25, 0.5, 1, 1.5, 2])
  for (const position of [0, 0.05, 0.1, 0.2, 0.3, 0.5, 1])
    for (const redundancy of [0, 0.25, 0.5, 1]) {
      const weights = { ticket: 1, subject, position, redundancy };
      results.push({ weights, rouge1: score(weights) });
    }
results.sort((a, b) => b.rouge1 - a.rouge1);
process.stdout.write(`dev half: ${prepared.length} tickets, max_chars ${maxChars}\nold ranking (ticket only): ROUGE-1 ${score({ ticket: 1, subject: 0, position: 0, redundancy: 0 }).toFixed(3)}\n`);
for (const r of results.slice(0, 15)) process.stdout.write(`${JSON.stringify(r.weights)} ROUGE-1 ${r.rouge1.toFixed(3)}\n`);
import { leadSummary } from './quality.js';
import { oracleSentence } from './summaries-pipeline.js';
process.stdout.write(`lead ${mean(prepared.map((p) => rouge1(leadSummary(p.text, maxChars), p.reference))).toFixed(3)} oracle ${mean(prepared.map((p) => rouge1(oracleSentence(p.text, p.reference, maxChars), p.reference))).toFixed(3)} ref chars ${mean(prepared.map((p) => p.reference.length)).toFixed(0)} text chars ${mean(prepared.map((p) => p.text.length)).toFixed(0)} sentences ${mean(prepared.map((p) => p.sentences.length)).toFixed(1)} sentence chars ${mean(prepared.flatMap((p) => p.sentences.map((s) => s.length))).toFixed(0)}\n`);
function bestSubset(units: string[], reference: string): number {
  let best = 0;
  const n = Math.min(units.length, 12);
  for (let mask = 1; mask < 1 << n; mask++) {
    const chosen = units.filter((_, i) => mask & (1 << i));
    const text = chosen.join(' ');
    if (text.length > maxChars) continue;
    best = Math.max(best, rouge1(text, reference));
  }
  return best;
}
const clauses = (s: string) => s.split(/(?<=[,;:])\s+|\s+(?=(?:but|and|so|because|although|which)\s)/u).filter((c) => c.trim() !== '');
const shortOnes = prepared.filter((p) => p.text.length <= maxChars || p.sentences.length <= 1);
process.stdout.write(`short (own summary) ${shortOnes.length}; subset oracle ${mean(prepared.map((p) => (p.text.length <= maxChars || p.sentences.length <= 1 ? rouge1(p.sentences.join(' '), p.reference) : bestSubset(p.sentences, p.reference)))).toFixed(3)} clause-subset oracle ${mean(prepared.map((p) => (p.text.length <= maxChars || p.sentences.length <= 1 ? rouge1(p.sentences.join(' '), p.reference) : bestSubset(p.sentences.flatMap(clauses), p.reference)))).toFixed(3)}\n`);
{
  const { service: s2, release: r2 } = await acquireService('embed', modelDir, { maxBatch: 32, maxWaitMs: 0 });
  const clausal: Prepared[] = [];
  for (const p of prepared) {
    const units = p.sentences.flatMap(clauses);
    const [whole, subject, ...own] = await s2.run([p.text, cleaned[prepared.indexOf(p)]?.ticket.subject as string, ...units]);
    clausal.push({ ...p, sentences: units, vectors: own, ticket: own.map((v) => cosine(v, whole as Float32Array)), subject: own.map((v) => cosine(v, subject as Float32Array)) });
  }
  await r2();
  const rows: string[] = [];
  for (const subject of [0, 0.5, 1])
    for (const position of [0, 0.1, 0.3, 1])
      for (const redundancy of [0, 0.5, 1]) {
        const w = { ticket: 1, subject, position, redundancy };
        const r = mean(clausal.map((p) => rouge1(p.text.length <= maxChars || p.sentences.length <= 1 ? p.text : selectSentences(p.sentences, { ticket: p.ticket, subject: p.subject, between: (i, j) => cosine(p.vectors[i] as Float32Array, p.vectors[j] as Float32Array) }, w, maxChars), p.reference)));
        rows.push(`${r.toFixed(3)} ${JSON.stringify(w)}`);
      }
  process.stdout.write(`clauses:\n${rows.sort().reverse().slice(0, 5).join('\n')}\n`);
}
