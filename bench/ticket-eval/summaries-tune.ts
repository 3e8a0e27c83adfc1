/**
 * Chooses ticket_summarizer's selection defaults (processors/ticket_summarizer/config.ts) on the dev half of
 * the labelled tickets only (even positions in tickets.jsonl: TK-001, TK-003, …): the raw tickets are
 * cleaned by ticket_clean, every unit (sentence or clause), ticket and subject is embedded once, and a grid
 * of weights is scored by mean ROUGE-1 against the references, next to the lead baseline and the oracles
 * (the best single sentence, the best set of sentences, the best set of clauses within max_chars). The
 * other half is for reporting (bench:tickets) and is not looked at here.
 * Usage: npm run build && node dist/bench/ticket-eval/summaries-tune.js [--max-chars 140]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { acquireService } from '../../models/inference/shared-services.js';
import { cosine } from '../../models/vectors.js';
import { selectSentences, type SelectionWeights } from '../../processors/ticket_summarizer/selection.js';
import { splitClauses, splitSentences } from '../../processors/ticket_summarizer/sentences.js';
import { loadTickets } from './fixtures.js';
import { mean, rouge1 } from './metrics.js';
import { leadSummary } from './quality.js';
import { loadRawTickets } from './summaries-fixtures.js';
import { bestSubset, cleanTickets, oracleSentence } from './summaries-pipeline.js';

const { values } = parseArgs({ options: { 'max-chars': { type: 'string', default: '140' } } });
const maxChars = Number(values['max-chars']);
const root = path.resolve(import.meta.dirname, '../../..');
const modelDir = path.join(root, 'models', 'all-minilm-l6-v2');
const out = (text: string) => process.stdout.write(`${text}\n`);

const dev = (await cleanTickets(loadTickets(), loadRawTickets(), modelDir)).filter((_, i) => i % 2 === 0);

interface Prepared {
  text: string;
  reference: string;
  /** Own summary without inference (short, or one sentence). */
  short: boolean;
  units: Record<SelectionWeights['units'], { texts: string[]; ticket: number[]; subject: number[]; vectors: Float32Array[] }>;
}
const { service, release } = await acquireService('embed', modelDir, { maxBatch: 32, maxWaitMs: 0 });
const prepared: Prepared[] = [];
try {
  for (const { ticket, cleaned: text } of dev) {
    const sentences = splitSentences(text);
    const embedUnits = async (texts: string[]) => {
      const [whole, subject, ...vectors] = await service.run([text, ticket.subject, ...texts]);
      return { texts, vectors, ticket: vectors.map((v) => cosine(v, whole as Float32Array)), subject: vectors.map((v) => cosine(v, subject as Float32Array)) };
    };
    prepared.push({ text, reference: ticket.summary, short: text.length <= maxChars || sentences.length <= 1, units: { sentences: await embedUnits(sentences), clauses: await embedUnits(splitClauses(sentences)) } });
  }
} finally {
  await release();
}

function summary(p: Prepared, weights: SelectionWeights): string {
  const u = p.units[weights.units];
  if (p.short) return p.units.sentences.texts.join(' ');
  return selectSentences(u.texts, { ticket: u.ticket, subject: u.subject, between: (i, j) => cosine(u.vectors[i] as Float32Array, u.vectors[j] as Float32Array) }, weights, maxChars);
}
const score = (weights: SelectionWeights) => mean(prepared.map((p) => rouge1(summary(p, weights), p.reference)));
const own = (p: Prepared, best: (units: string[]) => string) => (p.short ? p.units.sentences.texts.join(' ') : best(p.units.sentences.texts));

out(`dev half: ${prepared.length} tickets (${prepared.filter((p) => p.short).length} short enough to be their own summary), max_chars ${maxChars}, mean ROUGE-1:`);
out(`lead baseline on the cleaned text ${mean(prepared.map((p) => rouge1(leadSummary(p.text, maxChars), p.reference))).toFixed(3)}`);
out(`old ranking (whole ticket only, sentences) ${score({ units: 'sentences', ticket: 1, subject: 0, position: 0, facts: 0, redundancy: 0 }).toFixed(3)}`);
out(`oracle: best single sentence ${mean(prepared.map((p) => rouge1(own(p, () => oracleSentence(p.text, p.reference, maxChars)), p.reference))).toFixed(3)}`);
out(`oracle: best set of sentences ${mean(prepared.map((p) => rouge1(own(p, (units) => bestSubset(units, p.reference, maxChars)), p.reference))).toFixed(3)}`);
out(`oracle: best set of clauses ${mean(prepared.map((p) => rouge1(p.short ? p.units.sentences.texts.join(' ') : bestSubset(p.units.clauses.texts, p.reference, maxChars), p.reference))).toFixed(3)}`);

const results: { weights: SelectionWeights; rouge1: number }[] = [];
for (const units of ['sentences', 'clauses'] as const)
  for (const subject of [0, 0.25, 0.5, 1, 2])
    for (const position of [0, 0.1, 0.2, 0.3, 0.5, 1])
      for (const facts of [0, 0.1, 0.2, 0.3, 0.5])
        for (const redundancy of [0, 0.25, 0.5, 1, 1.5]) {
          const weights = { units, ticket: 1, subject, position, facts, redundancy };
          results.push({ weights, rouge1: score(weights) });
        }
results.sort((a, b) => b.rouge1 - a.rouge1);
for (const units of ['sentences', 'clauses']) {
  out(`\nbest ${units}:`);
  for (const r of results.filter((x) => x.weights.units === units).slice(0, 8)) out(`${JSON.stringify(r.weights)} ROUGE-1 ${r.rouge1.toFixed(3)}`);
}
