/**
 * Anomaly scoring on labelled synthetic transactions (scripts/transactions), one invocation, same data:
 *   - quality: ROC-AUC and precision at the top 1 % of the agent's isolation forest, scikit-learn's
 *     IsolationForest and the `isolation-forest` npm package (100 trees, ψ = 256 each);
 *   - speed: fit time, and events/s scored by the agent's forest, by onnxruntime-node on the scikit-learn
 *     forest exported with skl2onnx, by the agent's forest read from that ONNX file (as the processor
 *     scores it), and by scikit-learn's score_samples (single-threaded);
 *   - memory of a 100-tree model, and the agent end to end (file → anomaly → file, `run --once`).
 * Scoring rates are the best of REPEATS repetitions after a warm-up, on both sides, over TURNS turns in
 * which the two sides alternate (this machine's speed drifts by tens of percent over seconds).
 *   - the same trees scored by the agent, by a C walk compiled here and by scikit-learn, at the batch sizes
 *     the pipeline hands the processor (bench/anomaly/same-trees.ts).
 * Usage: npm run bench:anomaly [-- --rows 20000] [-- --same-trees-only]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { IsolationForest as NpmIsolationForest } from 'isolation-forest';
import { fileInputConfig } from '../agent/inputs/file/config.js';
import { PIPELINE_BATCH_MESSAGES } from '../agent/inputs/kafka/kafka-input.js';
import { completeForest } from '../processors/anomaly/forest/complete-trees.js';
import { scoreAndExplainBatch } from '../processors/anomaly/forest/explanations.js';
import { fitForest } from '../processors/anomaly/forest/fit-forest.js';
import { scoreBatch } from '../processors/anomaly/forest/scoring.js';
import { OnnxForest } from '../processors/anomaly/onnx-forest.js';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { runPython } from '../scripts/python/env.js';
import { precisionAt, rocAuc } from '../scripts/transactions/evaluation.js';
import { labelledRows } from '../scripts/transactions/feature-rows.js';
import { generateTransactions } from '../scripts/transactions/generator.js';
import { PAYMENT_FEATURES_YAML } from '../scripts/transactions/payment-features.js';
import { compareOnSameTrees } from './anomaly/same-trees.js';
import { anomalyScore, walkBatch } from './anomaly/scoring-variants.js';
import { agentExecutable } from '../scripts/agent-executable.js';

const { values: options } = parseArgs({ options: { rows: { type: 'string', default: '20000' }, 'same-trees-only': { type: 'boolean', default: false } } });
const ROWS = Number(options.rows);
const root = path.resolve(import.meta.dirname, '../..');
const work = path.join(root, '.cache', 'bench', 'anomaly');
const cli = agentExecutable(root);
await rm(work, { recursive: true, force: true });
await mkdir(work, { recursive: true });

const data = labelledRows(ROWS, 21);
const width = data.features.length;
const train = Float64Array.from(data.train.flat());
const test = Float64Array.from(data.test.flat());
const testRows = data.test.length;
const seconds = (start: number) => (performance.now() - start) / 1000;

interface Row {
  name: string;
  auc: number;
  p1: number;
  fit: number;
  scorePerSecond: number;
}
const rows: Row[] = [];

// The agent's forest.
let start = performance.now();
const forest = fitForest(train, data.train.length, width, { trees: 100, sampleSize: 256, seed: 42 });
const fitSeconds = seconds(start);

/**
 * Batch sizes of the same-trees comparison: one event (a followed log, one API request), 64 (a few lines
 * per read of a busy log), what one file read holds while catching up (about 500 of these payment lines:
 * printed below), and 1,000, the most a Kafka part or an API request hands the processor; 5,000 is above
 * any batch the pipeline makes, for comparison.
 */
const SAME_TREE_SIZES = [1, 64, 500, 1000, 5000];
async function sameTrees(): Promise<string[]> {
  const lines = generateTransactions(ROWS, { seed: 21 }).transactions.map((t) => Buffer.byteLength(`${JSON.stringify(t)}\n`));
  const meanBytes = lines.reduce((a, b) => a + b, 0) / lines.length;
  const readBytes = fileInputConfig.parse({ include: ['payments.log'] }).read_buffer_bytes;
  const header = `pipeline batches of these payment lines (${meanBytes.toFixed(0)} bytes each on average): about ${Math.round(readBytes / meanBytes).toLocaleString('en')} per ${readBytes / 1024} KiB file read (read_buffer_bytes) while catching up, at most ${PIPELINE_BATCH_MESSAGES.toLocaleString('en')} per part of a Kafka fetch, 1 to 1,000 per API request, a few per read of a followed log`;
  return [header, '', ...(await compareOnSameTrees({ root, work, model: forest, rows: test, sizes: SAME_TREE_SIZES }))];
}
if (options['same-trees-only']) {
  process.stdout.write(`${(await sameTrees()).join('\n')}\n`);
  process.exit(0);
}
const REPEATS = 15;
/** Best of REPEATS timed repetitions (after a first one, which also warms up the JIT): events/s. */
function bestRate(run: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i <= REPEATS; i++) {
    const begin = performance.now();
    run();
    if (i > 0) best = Math.min(best, seconds(begin));
  }
  return testRows / best;
}
const input = path.join(work, 'rows.json');
const onnxFile = path.join(work, 'sklearn-100.onnx');
await writeFile(input, JSON.stringify(data));
interface Reference {
  fit_seconds: number;
  score_seconds: number;
  /** Per batch size: seconds to score the test rows in calls of that many rows. */
  batch_seconds: Record<string, number>;
  seconds_per_single_row: number;
  roc_auc: number;
  precision_at_1pct: number;
}
/** Rows per call: 256 as in the processor's tests and demo, 1000 about a full pipeline batch of the agent. */
const BATCH_SIZES = [256, 1000];
function scoreInBatches(size: number, scoreRows: (rows: Float64Array, count: number, out: Float64Array) => void, out: Float64Array): void {
  for (let i = 0; i < testRows; i += size) scoreRows(test.subarray(i * width), Math.min(size, testRows - i), out.subarray(i));
}
// The agent's forest and scikit-learn's (which also exports its forest to ONNX) take turns, and each side
// keeps its best figures: the speed of this machine drifts over seconds, and the turns spread both sides
// over the same stretch of time.
const TURNS = 3;
const ours = new Float64Array(testRows);
const batched = new Float64Array(testRows);
const walked = new Float64Array(testRows);
let oneByOne = 0;
const batchRates = BATCH_SIZES.map(() => 0);
let walkRate = 0;
/** Scores with explanations, as the processor computes them by default (top 3 features), batches of 1000. */
const EXPLAIN_TOP = 3;
const explained = new Float64Array(testRows);
let explainedRate = 0;
let sk: Reference | undefined;
const best = (a: Record<string, number>, b: Record<string, number>) => Object.fromEntries(Object.entries(a).map(([k, v]) => [k, Math.min(v, b[k] ?? v)]));
for (let turn = 0; turn < TURNS; turn++) {
  oneByOne = Math.max(oneByOne, bestRate(() => {
    for (let i = 0; i < testRows; i++) ours[i] = anomalyScore(forest, test, i * width);
  }));
  BATCH_SIZES.forEach((size, k) => {
    batchRates[k] = Math.max(batchRates[k] as number, bestRate(() => scoreInBatches(size, (rows, count, out) => scoreBatch(forest, rows, count, out), batched)));
  });
  walkRate = Math.max(walkRate, bestRate(() => scoreInBatches(256, (rows, count, out) => walkBatch(forest, rows, count, out), walked)));
  explainedRate = Math.max(explainedRate, bestRate(() => scoreInBatches(1000, (rows, count, out) => scoreAndExplainBatch(forest, rows, count, out, EXPLAIN_TOP), explained)));
  const reference = JSON.parse(await runPython('anomaly_reference.py', ['bench', input, onnxFile, String(REPEATS), BATCH_SIZES.join(',')])) as Reference;
  sk =
    sk === undefined
      ? reference
      : { ...sk, score_seconds: Math.min(sk.score_seconds, reference.score_seconds), batch_seconds: best(sk.batch_seconds, reference.batch_seconds), seconds_per_single_row: Math.min(sk.seconds_per_single_row, reference.seconds_per_single_row) };
}
if (sk === undefined) throw new Error('no scikit-learn run');
const reference = sk;
const skBatchRates = BATCH_SIZES.map((size) => testRows / (reference.batch_seconds[String(size)] as number));
const skAllRate = testRows / reference.score_seconds;
const skSingleRate = 1 / reference.seconds_per_single_row;
BATCH_SIZES.forEach((size, k) => {
  const name = `sidecar-ai isolation forest (main thread, WebAssembly walk), batches of ${size}${k === 0 ? ' (complete trees)' : ''}`;
  rows.push({ name, auc: rocAuc(batched, data.labels), p1: precisionAt(batched, data.labels, 0.01), fit: k === 0 ? fitSeconds : Number.NaN, scorePerSecond: batchRates[k] as number });
});
rows.push({ name: `the same with explanations (top ${EXPLAIN_TOP} features), batches of 1000`, auc: rocAuc(explained, data.labels), p1: precisionAt(explained, data.labels, 0.01), fit: Number.NaN, scorePerSecond: explainedRate });
rows.push({ name: 'the same forest walked node by node, batches of 256', auc: rocAuc(walked, data.labels), p1: precisionAt(walked, data.labels, 0.01), fit: Number.NaN, scorePerSecond: walkRate });
rows.push({ name: 'the same forest walked node by node, one row at a time', auc: rocAuc(ours, data.labels), p1: precisionAt(ours, data.labels, 0.01), fit: Number.NaN, scorePerSecond: oneByOne });
BATCH_SIZES.forEach((size, k) => {
  const name = `scikit-learn IsolationForest (n_jobs=1), score_samples per batch of ${size}`;
  rows.push({ name, auc: k === 0 ? reference.roc_auc : Number.NaN, p1: k === 0 ? reference.precision_at_1pct : Number.NaN, fit: k === 0 ? reference.fit_seconds : Number.NaN, scorePerSecond: skBatchRates[k] as number });
});
rows.push({ name: `the same, score_samples on all ${testRows} rows at once`, auc: Number.NaN, p1: Number.NaN, fit: Number.NaN, scorePerSecond: skAllRate });
rows.push({ name: 'the same, one row per call', auc: Number.NaN, p1: Number.NaN, fit: Number.NaN, scorePerSecond: skSingleRate });
// The same ONNX file through onnxruntime-node itself, and read into the agent's forest (as the processor scores it).
const session = await InferenceSession.create(onnxFile);
const runSession = async (rows: Float64Array, count: number) => {
  const result = await session.run({ [session.inputNames[0] as string]: new Tensor('float32', Float32Array.from(rows.subarray(0, count * width)), [count, width]) }, ['score_samples']);
  return Float64Array.from(result.score_samples?.data as Float32Array, (v) => -v);
};
await runSession(test, Math.min(1000, testRows)); // warm-up
start = performance.now();
const onnxScores = new Float64Array(testRows);
for (let i = 0; i < testRows; i += 1000) onnxScores.set(await runSession(test.subarray(i * width), Math.min(1000, testRows - i)), i);
const onnxRate = testRows / seconds(start);
rows.push({ name: 'the scikit-learn forest as ONNX (onnxruntime-node, batches of 1000)', auc: rocAuc(onnxScores, data.labels), p1: precisionAt(onnxScores, data.labels, 0.01), fit: Number.NaN, scorePerSecond: onnxRate });
await session.release();
start = performance.now();
const onnx = await OnnxForest.load(onnxFile, width);
const readSeconds = seconds(start);
if (onnx.unexplained !== undefined) throw new Error(`the agent did not read ${onnxFile}: ${onnx.unexplained}`);
const readScores = new Float64Array(testRows);
let readBest = Number.POSITIVE_INFINITY;
for (let repeat = 0; repeat <= REPEATS; repeat++) {
  const begin = performance.now();
  for (let i = 0; i < testRows; i += 1000) readScores.set((await onnx.score(test.subarray(i * width), Math.min(1000, testRows - i), EXPLAIN_TOP)).scores, i);
  if (repeat > 0) readBest = Math.min(readBest, seconds(begin));
}
const readRate = testRows / readBest;
rows.push({ name: `the same ONNX file read into the agent's forest, with explanations (top ${EXPLAIN_TOP}), batches of 1000`, auc: rocAuc(readScores, data.labels), p1: precisionAt(readScores, data.labels, 0.01), fit: Number.NaN, scorePerSecond: readRate });
let readDifference = 0;
for (let i = 0; i < testRows; i++) readDifference = Math.max(readDifference, Math.abs((readScores[i] as number) - (onnxScores[i] as number)));
await onnx.close();

// The isolation-forest npm package.
const asObjects = (list: number[][]) => list.map((r) => Object.fromEntries(r.map((v, i) => [`f${i}`, v])));
const npm = new NpmIsolationForest(100, 256);
start = performance.now();
npm.fit(asObjects(data.train));
const npmFit = seconds(start);
const testObjects = asObjects(data.test);
start = performance.now();
const npmScores = npm.predict(testObjects);
rows.push({ name: 'isolation-forest npm 0.0.9', auc: rocAuc(npmScores, data.labels), p1: precisionAt(npmScores, data.labels, 0.01), fit: npmFit, scorePerSecond: testRows / seconds(start) });

// Memory of the agent's 100-tree model.
const nodes = forest.feature.length;
const modelBytes = [forest.roots, forest.feature, forest.threshold, forest.left, forest.right, forest.leafPath].reduce((sum, a) => sum + a.byteLength, 0);
const complete = completeForest(forest);
const layoutBytes = complete ? [complete.nodes, complete.leafNode, complete.cuts].reduce((sum, a) => sum + a.byteLength, 0) : 0;
// Laying a model out happens on the main thread once per fit: timed on fresh forests (other seeds).
const layoutMs = Array.from({ length: 9 }, (_, i) => {
  const other = fitForest(train, data.train.length, width, { trees: 100, sampleSize: 256, seed: 100 + i });
  const begin = performance.now();
  completeForest(other);
  return performance.now() - begin;
}).sort((a, b) => a - b);

// The agent end to end.
const dir = path.join(work, 'agent');
await mkdir(dir, { recursive: true });
const { transactions } = generateTransactions(ROWS, { seed: 21 });
await writeFile(path.join(dir, 'payments.log'), transactions.map((t) => `${JSON.stringify(t)}\n`).join(''));
const features = PAYMENT_FEATURES_YAML.map((f) => `      - ${JSON.stringify(f)}`).join('\n');
await writeFile(
  path.join(dir, 'c.yaml'),
  `state_dir: ${dir}/state\nlog: { level: info }\ninputs:\n  - type: file\n    include: ["${dir}/payments.log"]\nprocessors:\n  - type: parse_json\n  - type: anomaly\n    features:\n${features}\n    warmup: 2000\n    refit_every: 5000\noutputs:\n  - type: file\n    path: ${dir}/out.ndjson\n    fsync: false\n`,
);
const child = spawn(process.execPath, [cli, 'run', '--once', '-c', path.join(dir, 'c.yaml')], { stdio: ['ignore', 'ignore', 'pipe'] });
let logs = '';
child.stderr.setEncoding('utf8').on('data', (chunk: string) => (logs += chunk));
let peak = 0;
const sampler = setInterval(() => {
  try {
    peak = Math.max(peak, Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
  } catch {
    // exited
  }
}, 100);
await new Promise((resolve) => child.on('exit', resolve));
clearInterval(sampler);
const time = (msg: string) => (JSON.parse(logs.split('\n').find((l) => l.includes(`"msg":"${msg}"`)) ?? '{"time":0}') as { time: number }).time;
const agentSeconds = (time('agent stopped') - time('agent started')) / 1000;
const saved = await stat(path.join(dir, 'state', 'anomaly', 'processors_1_.json')).catch(() => undefined);

const f = (x: number, digits = 3) => (Number.isNaN(x) ? '–' : x.toFixed(digits));
const out = (text: string) => process.stdout.write(`${text}\n`);
out(`anomaly scoring, ${ROWS.toLocaleString('en')} generated transactions (${data.train.length} to fit, ${testRows} labelled to score, ${data.labels.filter((l) => l === 1).length} anomalies), ${width} features, 100 trees, ψ = 256, ${os.cpus().length} cores, node ${process.version}\n`);
out('| model | ROC-AUC | precision at 1 % | fit s | scored events/s |\n| --- | --- | --- | --- | --- |');
for (const r of rows) out(`| ${r.name} | ${f(r.auc)} | ${f(r.p1, 2)} | ${f(r.fit, 2)} | ${Math.round(r.scorePerSecond).toLocaleString('en')} |`);
const ratios = BATCH_SIZES.map((size, k) => `${((batchRates[k] as number) / (skBatchRates[k] as number)).toFixed(1)}x per batch of ${size}`).join(', ');
const ourBest = Math.max(...batchRates);
out(
  `\nsidecar-ai forest events/s vs scikit-learn scoring the same batches: ${ratios}; vs score_samples on all ${testRows} rows at once: ${(ourBest / skAllRate).toFixed(1)}x; vs one row per call: ${(ourBest / skSingleRate).toFixed(0)}x; complete trees vs the node walk (batches of 256): ${((batchRates[0] as number) / walkRate).toFixed(1)}x; with explanations vs scores alone (batches of 1000): ${(explainedRate / (batchRates[1] as number)).toFixed(2)}x; ONNX vs scikit-learn on all rows at once: ${(onnxRate / skAllRate).toFixed(1)}x; the ONNX file read by the agent vs onnxruntime: ${(readRate / onnxRate).toFixed(1)}x, read in ${readSeconds.toFixed(2)} s (checked against onnxruntime included), largest score difference ${readDifference.toExponential(1)}`,
);
out(`100-tree model: ${nodes.toLocaleString('en')} nodes, ${(modelBytes / 1024).toFixed(0)} KiB in memory plus ${(layoutBytes / 1024).toFixed(0)} KiB laid out as complete trees for scoring (in ${(layoutMs[4] as number).toFixed(1)} ms, median of 9 models)${saved ? `, ${(saved.size / 1024).toFixed(0)} KiB saved with its encoders and training window` : ''}`);
out(`agent, parse_json + anomaly (warm-up 2000, refit every 5000), file → file: ${ROWS.toLocaleString('en')} events in ${agentSeconds.toFixed(2)} s ("agent started" → "agent stopped"), ${Math.round(ROWS / agentSeconds).toLocaleString('en')} events/s, peak RSS ${peak.toFixed(0)} MiB`);
out(`\n${(await sameTrees()).join('\n')}`);
