/**
 * The share of normal traffic the anomaly processor flags (anomaly.is_anomaly) with its default cut-offs,
 * next to `contamination` (default 0.01); the goal is within a factor of two of it. Runs the processor in
 * this process, in batches of 256 events as a file input brings them, on:
 *   - generated payment streams (scripts/transactions, labelled) of several lengths and warm-ups, online
 *     forest with the processor's defaults otherwise; the same streams without anomalies; one with a
 *     contamination near the labelled share; and the previous default (fixed cut-off 0.6) for comparison;
 *   - the demo's sample payments (config/examples/logs/payments.log) with the demo's anomaly settings;
 *   - a scikit-learn IsolationForest exported to ONNX (100 trees, ψ = 256, fitted on the first half of a
 *     stream's feature rows), calibrated on live scores, measured on the second half.
 * "Normal" events are those the generator did not label; anomalies (bursts included) make about 2.6 % of
 * the events of a stream that has them.
 * Usage: npm run bench:anomaly:flagged
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { parse as parseYaml } from 'yaml';
import type { DeadLetters, LogEvent } from '../agent/kit.js';
import { learnedContamination } from '../processors/anomaly/config.js';
import { anomalyProcessor } from '../processors/anomaly/index.js';
import { runPython } from '../scripts/python/env.js';
import { labelledRows } from '../scripts/transactions/feature-rows.js';
import { generateTransactions, type Transaction } from '../scripts/transactions/generator.js';
import { PAYMENT_FEATURES_YAML } from '../scripts/transactions/payment-features.js';

const root = path.resolve(import.meta.dirname, '../..');
const work = path.join(root, '.cache', 'bench', 'anomaly-flagged');
const BATCH = 256;
const deadLetters: DeadLetters = { location: 'memory', write: async () => undefined, count: () => undefined };

interface Outcome {
  case: string;
  events: number;
  warmup: number;
  /** Undefined for fixed cut-offs (severity). */
  contamination: number | undefined;
  /** Events after warm-up or calibration that were measured. */
  measured: number;
  normalFlagged: number;
  allFlagged: number;
  /** Share of the labelled anomalies flagged (recall). */
  anomaliesFlagged: number;
}

/** Runs a fresh anomaly processor (its own state_dir) over `transactions`; counts flags among events from `from` on. */
async function run(name: string, settings: Record<string, unknown>, transactions: Transaction[], labels: ReadonlyMap<string, string>, from: number): Promise<Outcome> {
  const stateDir = await mkdtemp(path.join(work, 'state-'));
  const config = anomalyProcessor.config.parse({ features: PAYMENT_FEATURES_YAML, ...settings });
  const processor = await anomalyProcessor.create(config, { id: 'payments', location: 'processors[0]', logger: pino({ level: 'silent' }), stateDir, configDir: work, deadLetters, metrics: new Registry() });
  const counts = { measured: 0, normal: 0, normalFlagged: 0, anomalies: 0, anomaliesFlagged: 0 };
  for (let i = 0; i < transactions.length; i += BATCH) {
    const batch = transactions.slice(i, i + BATCH).map((t) => structuredClone(t) as unknown as LogEvent);
    await processor.process(batch);
    // As an input's reads do: lets a finished background refit swap its model in.
    await new Promise((resolve) => setImmediate(resolve));
    batch.forEach((event, k) => {
      const anomaly = event.anomaly as { status?: string; is_anomaly?: boolean } | undefined;
      if (i + k < from || anomaly?.status !== 'scored') return;
      const labelled = labels.has((event.transaction as { id: string }).id);
      counts.measured++;
      if (labelled) counts.anomalies++;
      else counts.normal++;
      if (anomaly.is_anomaly && labelled) counts.anomaliesFlagged++;
      if (anomaly.is_anomaly && !labelled) counts.normalFlagged++;
    });
  }
  await processor.close?.();
  await rm(stateDir, { recursive: true, force: true });
  return {
    case: name,
    events: transactions.length,
    warmup: config.warmup,
    contamination: learnedContamination(config),
    measured: counts.measured,
    normalFlagged: counts.normalFlagged / counts.normal,
    allFlagged: (counts.normalFlagged + counts.anomaliesFlagged) / counts.measured,
    anomaliesFlagged: counts.anomalies === 0 ? Number.NaN : counts.anomaliesFlagged / counts.anomalies,
  };
}

// The training worker does not keep the process alive (the agent's inputs do): this timer does, until the end.
const keepAlive = setInterval(() => undefined, 60_000);
await rm(work, { recursive: true, force: true });
await mkdir(work, { recursive: true });
const outcomes: Outcome[] = [];

// Generated streams: lengths × warm-ups (the processor's defaults otherwise: refit every 5,000, window 10,000).
for (const [events, warmups] of [
  [5_000, [500, 2_000]],
  [20_000, [500, 2_000, 5_000]],
  [50_000, [500, 2_000, 5_000]],
] as const) {
  const { transactions, labels } = generateTransactions(events, { seed: 31 });
  for (const warmup of warmups) outcomes.push(await run('generated stream, online forest', { warmup }, transactions, labels, 0));
}
// The same without anomalies: all traffic is normal.
for (const events of [5_000, 20_000, 50_000]) {
  const { transactions, labels } = generateTransactions(events, { seed: 31, anomalyRate: 0 });
  outcomes.push(await run('generated stream without anomalies, online forest', { warmup: 2_000 }, transactions, labels, 0));
}
// A contamination near the share of labelled events (2.6 %).
{
  const { transactions, labels } = generateTransactions(20_000, { seed: 31 });
  outcomes.push(await run('generated stream, online forest', { warmup: 2_000, contamination: 0.03 }, transactions, labels, 0));
}
// The previous default: fixed cut-offs, anomalies from a score of 0.6.
for (const anomalyRate of [0.01, 0]) {
  const { transactions, labels } = generateTransactions(20_000, { seed: 31, anomalyRate });
  outcomes.push(await run(`generated stream${anomalyRate === 0 ? ' without anomalies' : ''}, online forest, fixed cut-off 0.6 (the previous default)`, { warmup: 2_000, severity: {} }, transactions, labels, 0));
}

// The demo's sample payments with the demo's anomaly settings (warm-up 500, refit every 250).
const demoConfig = parseYaml(await readFile(path.join(root, 'config', 'examples', 'demo.yaml'), 'utf8')) as { processors: Record<string, unknown>[] };
const { type: _type, when: _when, id: _id, ...demoSettings } = demoConfig.processors.find((p) => p.type === 'anomaly') ?? {};
const demoLog = (await readFile(path.join(root, 'config', 'examples', 'logs', 'payments.log'), 'utf8')).trim().split('\n');
// payments.log is `npm run transactions` (seed 5): its labels come from the same generator.
const demo = generateTransactions(demoLog.length, { seed: 5, start: '2026-11-02T06:00:00Z' });
if (demo.transactions.some((t, i) => JSON.stringify(t) !== demoLog[i])) throw new Error('payments.log is no longer the generator’s seed 5: its labels are unknown');
outcomes.push(await run('demo payments.log, demo settings', demoSettings, demo.transactions, demo.labels, 0));
outcomes.push(await run('demo payments.log, demo settings, fixed cut-off 0.6 (the previous default)', { ...demoSettings, severity: {} }, demo.transactions, demo.labels, 0));

// A scikit-learn forest fitted on the first half of a stream's rows (encoded as the processor encodes them), scored on the second half.
const ONNX_EVENTS = 20_000;
for (const anomalyRate of [0.01, 0]) {
  const rows = labelledRows(ONNX_EVENTS, 41, 0.5, anomalyRate);
  const input = path.join(work, 'rows.json');
  const onnxFile = path.join(work, `sklearn-iforest-${anomalyRate}.onnx`);
  await writeFile(input, JSON.stringify(rows));
  await runPython('anomaly_reference.py', ['export', input, onnxFile]);
  const stream = generateTransactions(ONNX_EVENTS, { seed: 41, anomalyRate });
  const name = `scikit-learn ONNX${anomalyRate === 0 ? ', stream without anomalies' : ''} (fitted on the first half), second half`;
  for (const warmup of anomalyRate === 0 ? [2_000] : [500, 2_000, 5_000]) {
    outcomes.push(await run(name, { warmup, model: { format: 'onnx', path: onnxFile } }, stream.transactions, stream.labels, rows.train.length));
  }
}

const percent = (x: number) => (Number.isNaN(x) ? '–' : `${(100 * x).toFixed(2)} %`);
const out = (text: string) => process.stdout.write(`${text}\n`);
out(`flagged share of normal traffic (anomaly.is_anomaly on events the generator did not label), batches of ${BATCH}, node ${process.version}\n`);
out('| case | events | warm-up | contamination | measured | normal flagged | all flagged | labelled anomalies flagged | normal flagged / contamination |');
out('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const o of outcomes) {
  const ratio = o.contamination === undefined ? undefined : o.normalFlagged / o.contamination;
  const shown = ratio === undefined ? '–' : `${ratio.toFixed(2)}${ratio >= 0.5 && ratio <= 2 ? '' : ' (outside ½–2)'}`;
  out(`| ${o.case} | ${o.events.toLocaleString('en')} | ${o.warmup.toLocaleString('en')} | ${o.contamination ?? '– (fixed)'} | ${o.measured.toLocaleString('en')} | ${percent(o.normalFlagged)} | ${percent(o.allFlagged)} | ${percent(o.anomaliesFlagged)} | ${shown} |`);
}
clearInterval(keepAlive);
