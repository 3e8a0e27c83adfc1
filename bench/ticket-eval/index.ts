/**
 * Ticket tagging and summarization with the real all-MiniLM-L6-v2 weights, in one invocation:
 *   1. tagging quality on the labelled fixtures (test/fixtures/tickets): per-label precision/recall/F1 and
 *      macro-F1 of the linear head (the default) and the prototypes with 5 examples per label, the scoring
 *      modes (centring, description topics, descriptions only) on the dev and test halves, a threshold
 *      sweep of the prototypes, and (head-vs-prototype.ts) both methods over many random draws of 3, 5 and
 *      10 examples per label with bootstrap intervals;
 *      Then priority and sentiment with the built-in label sets (priority.ts);
 *   2. summaries against the reference summaries (length, ROUGE-1, ROUGE-L), next to the lead baseline,
 *      then entity extraction and language identification (entities.ts, language.ts);
 *   3. throughput: raw inference of the model in this process (batched, and one text per run; the fastest is
 *      the reference) next to the agent (`run --once`), the two taking turns (medians of three)
 *      tagging the same tickets from a log file, and the whole chain (redact, tagger, summarizer);
 *   4. latency: the agent in streaming mode, tickets appended at a steady share of the raw throughput.
 * Usage:
 *   npm run bench:tickets [-- --quality-only --draws 10 --repeat 8 --threshold 0.14 --margin 0.3 --top-k 2 --rate-share 0.5 --latency-seconds 15]
 * --quality-only stops after part 2. --threshold and --margin override the prototypes' rule (part 1's
 * first tables); otherwise each method runs at the tagger's defaults (processors/ticket_tagger/config.ts),
 * which were chosen on the even-numbered half of the tickets (the "dev" half); macro-F1 is printed for that
 * half, for the other ("test") half and for all tickets.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MODEL_CATALOG } from '../../models/catalog.js';
import { provisionModel } from '../../models/provision.js';
import { loadLabels, loadTickets, ticketLogLine, type LabelDefinition, type LabelledTicket } from './fixtures.js';
import { labelScores, macroF1, mean, percentile, rouge1, rougeL } from './metrics.js';
import { centersEmbeddings, taggingRule } from '../../processors/ticket_tagger/config.js';
import { headVsPrototype } from './head-vs-prototype.js';
import { priorityAndSentiment } from './priority.js';
import { leadSummary, summarizeTickets, tagsAt, tagTickets, TEXT_FIELDS, type TaggingMode, type TaggingRun } from './quality.js';
import { summariesSection } from './summaries.js';
import { agentLatency, rawInference, runAgentOnce, type RawRun, type RawSetting } from './throughput.js';
import { entitiesAndLanguageSection } from './entities.js';

const { values: options } = parseArgs({
  options: {
    repeat: { type: 'string', default: '8' },
    threshold: { type: 'string' },
    margin: { type: 'string' },
    'top-k': { type: 'string', default: '2' },
    'max-chars': { type: 'string', default: '140' },
    'rate-share': { type: 'string', default: '0.5' },
    'latency-seconds': { type: 'string', default: '15' },
    draws: { type: 'string', default: '10' },
    'quality-only': { type: 'boolean', default: false },
  },
});
const TOP_K = Number(options['top-k']);
const optional = (value: string | undefined) => (value === undefined ? undefined : Number(value));
function mode(center: boolean, labels: LabelDefinition[]): TaggingMode {
  const method = 'prototype';
  return { method, center, topics: true, rule: { ...taggingRule({ method, center, labels, threshold: optional(options.threshold), margin: optional(options.margin) }), topK: TOP_K } };
}
/** The linear head at its defaults. */
function head(center: boolean, labels: LabelDefinition[]): TaggingMode {
  const method = 'linear';
  return { method, center, topics: true, rule: { ...taggingRule({ method, center, labels }), topK: TOP_K } };
}
/**
 * Without description topics, at the rule chosen for that scoring on the dev half the same way (centred
 * 0.13 / 0.25, raw 0.25 / 0.1), so the comparison is not between a tuned and an untuned rule.
 */
function withoutTopics(tagging: TaggingMode): TaggingMode {
  const rule = tagging.center ? { threshold: 0.13, margin: 0.25 } : { threshold: 0.25, margin: 0.1 };
  return { method: 'prototype', center: tagging.center, topics: false, rule: { ...rule, topK: TOP_K } };
}
const MAX_CHARS = Number(options['max-chars']);
const BATCH = 32;
const RAW_SETTINGS: RawSetting[] = [
  { textsPerRun: 32, pooling: 'transformers.js' },
  { textsPerRun: 8, pooling: 'transformers.js' },
  { textsPerRun: 1, pooling: 'transformers.js' },
  { textsPerRun: 1, pooling: 'plain mean' },
];
const TURNS = 3;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const root = path.resolve(import.meta.dirname, '../../..');
const work = path.join(root, '.cache', 'bench', 'ticket-eval');
const model = MODEL_CATALOG[0];
if (model === undefined) throw new Error('no model in the catalog');
const { folder: modelDir } = await provisionModel(model, path.join(root, 'models'), path.join(root, '.cache', 'models'));

const f2 = (x: number) => x.toFixed(2);
/** Macro-F1 with three decimals: the goal is 0.85, and 0.846 is not 0.85. */
const f3 = (x: number) => x.toFixed(3);
const out = (text: string) => process.stdout.write(`${text}\n`);

// 1. Tagging quality.
const tickets = loadTickets();
const fewShot = loadLabels(5);
const zeroShot = loadLabels(0);
const names = fewShot.map((l) => l.name);
const gold = tickets.map((t) => t.tags);
// The prototypes' defaults: centred with examples; descriptions alone are not centred (see centersEmbeddings).
const CENTERED = mode(true, fewShot);
const RAW = mode(false, fewShot);
const ZERO_RAW = mode(false, zeroShot);
const RULE = CENTERED.rule;
const HEAD = head(true, fewShot);
const ZERO_HEAD = head(true, zeroShot);
const UNCENTRED_HEAD = head(false, fewShot);
const few = await tagTickets(tickets, fewShot, modelDir, CENTERED);
const zero = await tagTickets(tickets, zeroShot, modelDir, ZERO_RAW);
const fewRaw = await tagTickets(tickets, fewShot, modelDir, RAW);
const fewNoTopics = await tagTickets(tickets, fewShot, modelDir, withoutTopics(CENTERED));
const zeroNoTopics = await tagTickets(tickets, zeroShot, modelDir, withoutTopics(ZERO_RAW));
const fewHead = await tagTickets(tickets, fewShot, modelDir, HEAD);
const zeroHead = await tagTickets(tickets, zeroShot, modelDir, ZERO_HEAD);
const fewHeadUncentred = await tagTickets(tickets, fewShot, modelDir, UNCENTRED_HEAD);
const headScores = labelScores(names, gold, fewHead.predicted);
const fewScores = labelScores(names, gold, few.predicted);
out(
  `ticket tagging, ${tickets.length} tickets, ${names.length} labels, all-MiniLM-L6-v2 (int8), 5 examples per label, description topics on, each method at the tagger's defaults: ` +
    `linear head (threshold ${HEAD.rule.threshold}, margin ${HEAD.rule.margin}), prototypes centred (threshold ${RULE.threshold}, margin ${RULE.margin}), top_k ${RULE.topK}\n`,
);
out('| label | tickets | linear head: precision | recall | F1 | prototype: precision | recall | F1 |');
out('| --- | --- | --- | --- | --- | --- | --- | --- |');
headScores.forEach((s, i) => {
  const p = fewScores[i] as (typeof fewScores)[number];
  out(`| ${s.label} | ${s.support} | ${f2(s.precision)} | ${f2(s.recall)} | ${f2(s.f1)} | ${f2(p.precision)} | ${f2(p.recall)} | ${f2(p.f1)} |`);
});
out(`| **macro-F1, all tickets** | | | | **${f3(macroF1(headScores))}** | | | **${f3(macroF1(fewScores))}** |\n`);
const half = (parity: number) => tickets.map((_, i) => i).filter((i) => i % 2 === parity);
const macroOn = (indexes: number[], predicted: string[][]) =>
  f3(
    macroF1(
      labelScores(
        names,
        indexes.map((i) => gold[i] as string[]),
        indexes.map((i) => predicted[i] as string[]),
      ),
    ),
  );
out('macro-F1 by scoring mode and half of the set (defaults chosen on the dev half):\n');
out('| labels | scoring | threshold | margin | all tickets | dev half | test half |\n| --- | --- | --- | --- | --- | --- | --- |');
const modes: { name: string; labels: LabelDefinition[]; mode: TaggingMode; run: TaggingRun }[] = [
  { name: '5 examples', labels: fewShot, mode: HEAD, run: fewHead },
  { name: '5 examples', labels: fewShot, mode: UNCENTRED_HEAD, run: fewHeadUncentred },
  { name: '5 examples', labels: fewShot, mode: CENTERED, run: few },
  { name: '5 examples', labels: fewShot, mode: withoutTopics(CENTERED), run: fewNoTopics },
  { name: '5 examples', labels: fewShot, mode: RAW, run: fewRaw },
  { name: 'descriptions only', labels: zeroShot, mode: ZERO_HEAD, run: zeroHead },
  { name: 'descriptions only', labels: zeroShot, mode: ZERO_RAW, run: zero },
  { name: 'descriptions only', labels: zeroShot, mode: withoutTopics(ZERO_RAW), run: zeroNoTopics },
];
const scoring = (labels: LabelDefinition[], { method, center, topics }: TaggingMode) =>
  `${method === 'linear' ? 'linear head, ' : ''}${centersEmbeddings({ method, center, labels }) ? 'centred' : method === 'linear' ? 'not centred' : 'raw cosine'}${topics ? ', description topics' : ''}`;
for (const { name, labels, mode: tagging, run } of modes) {
  const { rule } = tagging;
  out(`| ${name} | ${scoring(labels, tagging)} | ${rule.threshold} | ${rule.margin} | ${macroOn(half(0).concat(half(1)), run.predicted)} | ${macroOn(half(0), run.predicted)} | ${macroOn(half(1), run.predicted)} |`);
}

const sweep = [-1, 0.05, 0.1, 0.12, 0.13, 0.14, 0.15, 0.2, 0.25, 0.3, 0.4];
out(`\nmacro-F1 (all tickets) by threshold, with and without the margin rule (top_k ${RULE.topK}; from the stored scores, rounded to 3 decimals):\n`);
out(`| rule | ${sweep.map((t) => (t < 0 ? 'none' : t)).join(' | ')} |\n| --- |${sweep.map(() => ' --- |').join('')}`);
for (const { name, labels, mode: tagging, run } of modes.filter((m) => m.mode.method === 'prototype')) {
  const { rule } = tagging;
  for (const margin of [rule.margin, 2]) {
    const cells = sweep.map((threshold) => f3(macroF1(labelScores(names, gold, run.scores.map((s) => tagsAt(s, { ...rule, threshold, margin }))))));
    out(`| ${name}, ${scoring(labels, tagging)}, ${margin >= 2 ? 'no margin' : `margin ${margin}`} | ${cells.join(' | ')} |`);
  }
}

await headVsPrototype(tickets, fewShot, modelDir, { draws: Number(options.draws), topK: TOP_K }, out);

// Priority and sentiment (built-in label sets, single-label) against priority-sentiment.jsonl.
await priorityAndSentiment(tickets, modelDir, out);

// 2. Summaries.
const extractive = await summarizeTickets(tickets, modelDir, MAX_CHARS);
const lead = tickets.map((t) => leadSummary(t.body, MAX_CHARS));
out(`\nticket summaries, max_chars ${MAX_CHARS}, against the reference summaries (mean ${mean(tickets.map((t) => t.summary.length)).toFixed(0)} chars)\n`);
out('| summary | mean chars | ROUGE-1 F1 | ROUGE-L F1 |\n| --- | --- | --- | --- |');
for (const [name, summaries] of [['ticket_summarizer (extractive, at its defaults)', extractive], ['lead baseline (first sentences that fit)', lead]] as const) {
  const r1 = mean(summaries.map((s, i) => rouge1(s, (tickets[i] as LabelledTicket).summary)));
  const rl = mean(summaries.map((s, i) => rougeL(s, (tickets[i] as LabelledTicket).summary)));
  out(`| ${name} | ${mean(summaries.map((s) => s.length)).toFixed(0)} | ${f2(r1)} | ${f2(rl)} |`);
}

// Entities (ticket_entities) and languages (detect_language): no model, see entities.ts.
await entitiesAndLanguageSection(out);

// Cleaning raw tickets and summarizing the cleaned text (summaries.ts).
await summariesSection(tickets, modelDir, MAX_CHARS, out);

// 3 and 4: speed, unless --quality-only.
if (!options['quality-only']) await speed();

async function speed(): Promise<void> {
  // 3. Throughput.
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const repeat = Number(options.repeat);
  const corpus = Array.from({ length: repeat }, () => tickets).flat();
  const texts = corpus.map((t) => `${t.subject}\n${t.body}`); // the tagger joins its fields with a line break
  // The reference at its best: several texts per inference run (batched) and one text per run, pooled by
  // transformers.js or (one text per run) by the plain mean the agent uses.
  const rawRuns: RawRun[] = [];
  for (const setting of RAW_SETTINGS) rawRuns.push(await rawInference(modelDir, texts, setting));
  const raw = rawRuns.reduce((best, run) => (run.seconds < best.seconds ? run : best));
  const rawRate = corpus.length / raw.seconds;

  function agentConfig(dir: string, labels: LabelDefinition[], fullChain: boolean): string {
    const tagger = `  - type: ticket_tagger\n    field: ${JSON.stringify(TEXT_FIELDS)}\n    model: { path: ${modelDir} }\n    batch: { max_size: ${BATCH} }\n    top_k: ${RULE.topK}\n    labels: ${JSON.stringify(labels)}\n`;
    const chain = fullChain ? `  - type: redact\n${tagger}  - type: ticket_summarizer\n    model: { path: ${modelDir} }\n    batch: { max_size: ${BATCH} }\n    max_chars: ${MAX_CHARS}\n` : tagger;
    return `state_dir: ${dir}/state\nlog: { level: info }\ninputs:\n  - type: file\n    include: ["${dir}/tickets.log"]\nprocessors:\n  - type: parse_json\n${chain}outputs:\n  - type: file\n    path: ${dir}/out.ndjson\n    fsync: false\n`;
  }

  async function onceRun(name: string, fullChain: boolean) {
    const dir = path.join(work, name);
    await rm(dir, { recursive: true, force: true }); // each turn from scratch: no checkpoint, empty output
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'tickets.log'), corpus.map((t) => ticketLogLine(t)).join(''));
    await writeFile(path.join(dir, 'c.yaml'), agentConfig(dir, fewShot, fullChain));
    const run = await runAgentOnce(path.join(dir, 'c.yaml'), path.join(dir, 'out.ndjson'));
    if (run.eventsOut !== corpus.length) throw new Error(`${name}: ${run.eventsOut} events out of ${corpus.length}`);
    return run;
  }
  // The machine's speed drifts by tens of percent within minutes: the raw reference (at its fastest setting)
  // and the agent take turns, and medians are compared.
  const rawTurns: number[] = [];
  const agentTurns: Awaited<ReturnType<typeof onceRun>>[] = [];
  for (let turn = 0; turn < TURNS; turn++) {
    rawTurns.push((await rawInference(modelDir, texts, raw)).seconds);
    agentTurns.push(await onceRun('tagger', false));
  }
  const rawMedian = median(rawTurns);
  const tagOnly = [...agentTurns].sort((a, b) => a.shippingSeconds - b.shippingSeconds)[Math.floor(TURNS / 2)] as (typeof agentTurns)[number];
  const chain = await onceRun('chain', true);

  // 4. Latency in streaming mode at a steady rate below capacity.
  const rate = Math.max(1, Math.round(Number(options['rate-share']) * rawRate));
  const count = Math.round(rate * Number(options['latency-seconds']));
  const latencyDir = path.join(work, 'latency');
  await mkdir(latencyDir, { recursive: true });
  await writeFile(path.join(latencyDir, 'c.yaml'), agentConfig(latencyDir, fewShot, false));
  const latency = await agentLatency(
    path.join(latencyDir, 'c.yaml'),
    path.join(latencyDir, 'tickets.log'),
    path.join(latencyDir, 'out.ndjson'),
    (i, sentAt) => ticketLogLine(tickets[i % tickets.length] as LabelledTicket, { sent: sentAt }),
    count,
    rate,
  );

  const perSecond = (n: number, s: number) => Math.round(n / s).toLocaleString('en');
  out(`\nthroughput, ${corpus.length} tickets (${tickets.length} × ${repeat}), batches of ${BATCH}, ${os.cpus().length} cores, node ${process.version}\n`);
  out('| run | seconds | tickets/s | p50 ms | p99 ms | peak RSS MiB |\n| --- | --- | --- | --- | --- | --- |');
  const rawName = (run: RawSetting) => `${run.textsPerRun === 1 ? 'one text per run' : `${run.textsPerRun} texts per run`}, ${run.pooling} pooling`;
  for (const run of rawRuns) {
    const what = rawName(run);
    out(`| raw inference, ${what} (this process) | ${f2(run.seconds)} | ${perSecond(corpus.length, run.seconds)} | ${percentile(run.latenciesMs, 0.5).toFixed(0)} | ${percentile(run.latenciesMs, 0.99).toFixed(0)} | – |`);
  }
  out(`| raw inference, ${rawName(raw)}, median of ${TURNS} turns | ${f2(rawMedian)} | ${perSecond(corpus.length, rawMedian)} | | | – |`);
  out(`| sidecar-ai --once, parse_json + ticket_tagger ("agent started" → "agent stopped"), median of ${TURNS} turns | ${f2(tagOnly.shippingSeconds)} | ${perSecond(corpus.length, tagOnly.shippingSeconds)} | | | ${tagOnly.peakRssMiB.toFixed(0)} |`);
  out(`| the same, whole process (start-up and model loading included) | ${f2(tagOnly.processSeconds)} | ${perSecond(corpus.length, tagOnly.processSeconds)} | | | |`);
  out(`| sidecar-ai --once, parse_json + redact + ticket_tagger + ticket_summarizer | ${f2(chain.shippingSeconds)} | ${perSecond(corpus.length, chain.shippingSeconds)} | | | ${chain.peakRssMiB.toFixed(0)} |`);
  out(
    `| sidecar-ai run, tagger, ${rate} tickets/s appended for ${options['latency-seconds']} s (write → output) | | | ${percentile(latency.latenciesMs, 0.5).toFixed(0)} | ${percentile(latency.latenciesMs, 0.99).toFixed(0)} | ${latency.peakRssMiB.toFixed(0)} |`,
  );
  out(
    `\nagent tagger / raw inference at its fastest (${rawName(raw)}), medians of ${TURNS} turns, tickets/s: ${((rawMedian / tagOnly.shippingSeconds) * 100).toFixed(0)} %`,
  );
  out(`turns (s): raw ${rawTurns.map(f2).join(', ')}; agent ${agentTurns.map((t) => f2(t.shippingSeconds)).join(', ')}`);
  out(`latency run: ${latency.latenciesMs.length} of ${latency.written} tickets seen`);
}
