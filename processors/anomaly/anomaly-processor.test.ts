import { Registry } from 'prom-client';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelControl, Processor } from '../../agent/component.js';
import type { LogEvent } from '../../agent/event.js';
import { generateTransactions } from '../../scripts/transactions/generator.js';
import { PAYMENT_FEATURES_YAML } from '../../scripts/transactions/payment-features.js';
import { anomalyProcessor } from './index.js';
import { MemoryDeadLetters } from '../../test/helpers/dead-letters.js';
import { capturedLogger } from '../../test/helpers/captured-logger.js';

const fixtures = path.resolve(import.meta.dirname, '../../test/fixtures/anomaly');
const open: Processor[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((p) => p.close?.()));
});

interface Anomaly {
  status?: string;
  score?: number;
  score_100?: number;
  severity?: string;
  is_anomaly?: boolean;
  explanation?: string[];
  model_version?: string;
  shadow?: Anomaly;
}
const anomalyOf = (event: LogEvent | undefined) => event?.anomaly as Anomaly | undefined;

function transactions(count: number, seed = 3): { events: LogEvent[]; labels: Map<string, string> } {
  const { transactions: txs, labels } = generateTransactions(count, { seed });
  return { events: txs.map((t) => structuredClone(t) as unknown as LogEvent), labels };
}

async function create(extra: Record<string, unknown>, stateDir: string, logs: string[] = [], metrics = new Registry()): Promise<Processor> {
  const config = anomalyProcessor.config.parse({ features: PAYMENT_FEATURES_YAML, warmup: 200, refit_every: 1000, trees: 50, seed: 5, ...extra });
  const logger = capturedLogger(logs);
  const processor = await anomalyProcessor.create(config, { id: 'payments', location: 'processors[0]', logger, stateDir, configDir: fixtures, deadLetters: new MemoryDeadLetters(), metrics });
  open.push(processor);
  return processor;
}

async function feed(processor: Processor, events: LogEvent[], batch = 50): Promise<void> {
  for (let i = 0; i < events.length; i += batch) await processor.process(events.slice(i, i + batch));
}

const stateDir = () => mkdtemp(path.join(os.tmpdir(), 'anomaly-'));

describe('anomaly processor', () => {
  it('marks events as learning during warm-up, then scores them with severity, flag and explanation', async () => {
    const processor = await create({}, await stateDir());
    const { events, labels } = transactions(1200);
    await feed(processor, events);
    expect(anomalyOf(events[0])?.status).toBe('learning');
    expect(anomalyOf(events[199])?.status).toBe('learning');
    expect(anomalyOf(events[200])?.status).toBe('scored');
    const scored = events.slice(250).map(anomalyOf);
    for (const a of scored) {
      expect(a?.status).toBe('scored');
      expect(a?.score).toBeGreaterThan(0);
      expect(a?.score).toBeLessThanOrEqual(1);
      expect(['low', 'medium', 'high', 'critical']).toContain(a?.severity);
      expect(a?.model_version).toMatch(/^online:\d+@[0-9a-f]{8}$/);
    }
    const flagged = events.slice(250).filter((e) => anomalyOf(e)?.is_anomaly);
    for (const e of flagged) expect((e.event as { kind?: string }).kind).toBe('alert');
    expect(anomalyOf(flagged[0])?.explanation?.length).toBe(3);
    // Labelled anomalies score higher on average than normal payments.
    const mean = (list: LogEvent[]) => list.reduce((sum, e) => sum + (anomalyOf(e)?.score ?? 0), 0) / list.length;
    const after = events.slice(250);
    const isLabelled = (e: LogEvent) => labels.has((e.transaction as { id: string }).id);
    expect(mean(after.filter(isLabelled))).toBeGreaterThan(mean(after.filter((e) => !isLabelled(e))) + 0.05);
  });

  it('refits every refit_every events in the background and swaps the model', async () => {
    const processor = await create({ refit_every: 300 }, await stateDir());
    const { events } = transactions(1400);
    await feed(processor, events.slice(0, 900));
    await processor.process([]); // nothing to score
    await new Promise((resolve) => setTimeout(resolve, 500)); // the background refit
    await feed(processor, events.slice(900));
    const versions = new Set(events.slice(250).map((e) => anomalyOf(e)?.model_version));
    expect(versions.size).toBeGreaterThan(1);
    expect(anomalyOf(events[1399])?.model_version).not.toMatch(/^online:1@/);
  });

  it('restores the saved model and encoders after a restart: no second warm-up', async () => {
    const dir = await stateDir();
    const first = await create({}, dir);
    const { events } = transactions(600);
    await feed(first, events.slice(0, 500));
    const version = anomalyOf(events[499])?.model_version;
    await first.close?.();
    open.splice(open.indexOf(first), 1);
    const logs: string[] = [];
    const second = await create({}, dir, logs);
    const rest = events.slice(500);
    await second.process(rest);
    expect(anomalyOf(rest[0])?.status).toBe('scored');
    expect(anomalyOf(rest[0])?.model_version).toBe(version);
    expect(logs.join('')).toMatch(/anomaly model restored/);
  });

  it('reports a corrupt or incompatible saved model and trains a new one instead of crashing', async () => {
    const dir = await stateDir();
    await writeFile(path.join(await ensureDir(dir), 'payments.json'), '{"format":1,"signature":"x"');
    const logs: string[] = [];
    const processor = await create({}, dir, logs);
    const { events } = transactions(300);
    await feed(processor, events);
    expect(logs.join('')).toMatch(/saved anomaly model not used; training a new one/);
    expect(anomalyOf(events[0])?.status).toBe('learning');
    expect(anomalyOf(events[299])?.status).toBe('scored');
    expect((await readdir(path.join(dir, 'anomaly'))).some((f) => f.startsWith('payments.json.corrupt-'))).toBe(true);
    // Changed settings: the model saved above is not reused.
    const again: string[] = [];
    await create({ trees: 20 }, dir, again);
    expect(again.join('')).toMatch(/saved for other features or forest settings/);
  });

  it('tags events whose features are missing or not numbers and scores the rest', async () => {
    const processor = await create({ warmup: 2 }, await stateDir());
    const { events } = transactions(20);
    const notANumber = structuredClone(events[10]) as LogEvent;
    (notANumber.transaction as { amount: unknown }).amount = 'twelve';
    const missing = structuredClone(events[11]) as LogEvent;
    delete (missing.transaction as { merchant?: unknown }).merchant;
    const batch = [...events.slice(0, 10), notANumber, missing];
    await processor.process(batch);
    expect(notANumber.tags).toEqual(['anomaly_feature_error']);
    expect((notANumber.error as { message: string }).message).toBe('anomaly: feature transaction.amount: not a number ("twelve")');
    expect((missing.error as { message: string }).message).toBe('anomaly: feature transaction.merchant.category: missing');
    expect(notANumber.anomaly).toBeUndefined();
    expect(anomalyOf(batch[5])?.status).toBe('scored');
  });

  it('scores with an ONNX model from scikit-learn after calibrating on the first events, with explanations and an online shadow model beside it', async () => {
    const logs: string[] = [];
    const metrics = new Registry();
    const processor = await create({ model: { format: 'onnx', path: 'sklearn-iforest.onnx' }, shadow: { model: { format: 'online' } }, warmup: 100 }, await stateDir(), logs, metrics);
    const { events } = transactions(400);
    await feed(processor, events);
    expect(logs.join('')).toMatch(/ONNX anomaly model read as an isolation forest: the agent scores and explains it/);
    // The first `warmup` scores calibrate the cut-offs: those events are learning, as in the online warm-up.
    expect(anomalyOf(events[99])?.status).toBe('learning');
    expect(anomalyOf(events[99])?.score).toBeUndefined();
    const first = anomalyOf(events[100]);
    expect(first?.status).toBe('scored');
    expect(first?.model_version).toMatch(/^onnx:sklearn-iforest\.onnx@[0-9a-f]{8}$/);
    expect(first?.explanation).toHaveLength(3);
    expect(logs.join('')).toMatch(/anomaly model calibrated/);
    expect(anomalyOf(events[0])?.shadow?.status).toBe('learning');
    expect(anomalyOf(events[0])?.shadow?.model_version).toMatch(/^online:0@[0-9a-f]{8}$/);
    const last = anomalyOf(events[399]);
    expect(last?.shadow?.status).toBe('scored');
    expect(last?.shadow?.model_version).toMatch(/^online:1@[0-9a-f]{8}$/);
    const candidate = (last?.shadow?.model_version as string).replace(/^online:1@/, 'online@');
    await processor.close?.();
    open.splice(open.indexOf(processor), 1);
    const text = await metrics.metrics();
    expect(text).toContain(`sidecar_model_compared_total{processor="payments",version="${candidate}"} 300`);
    expect(text).toContain('sidecar_anomaly_events_total{component="payments",model="candidate",outcome="learning"} 100');
    expect(text).toContain(`sidecar_model_events_total{processor="payments",role="candidate",version="${candidate}"} 300`);
    expect(text).toContain(`sidecar_model_served_total{processor="payments",role="current",version="${first?.model_version}"} 300`);
    expect(text).toMatch(new RegExp(`sidecar_model_agreed_total\\{processor="payments",version="${candidate}"\\} \\d+`));
    expect(logs.join('')).toMatch(/"compared":300,"agreement":[\d.]+,"mean_similarity":[\d.]+,"msg":"model comparison"/);
  });

  it('a canary that flags everything serves its share of cards until the guard rolls it back, for good', async () => {
    const dir = await stateDir();
    const logs: string[] = [];
    const metrics = new Registry();
    const config = {
      model: { format: 'onnx', path: 'sklearn-iforest.onnx' },
      canary: { model: { format: 'onnx', path: 'flag-everything.onnx' }, share: 0.3, key: 'transaction.card.id' },
      guard: { min_events: 150 },
      // Fixed cut-offs: both models score from the first event (no calibration sample), so each card sees one.
      severity: {},
    };
    const processor = await create(config, dir, logs, metrics);
    const { events } = transactions(3000);
    await feed(processor, events);
    const versionOf = (e: LogEvent) => anomalyOf(e)?.model_version as string;
    const candidate = events.map(versionOf).find((v) => v.startsWith('onnx:flag-everything.onnx@')) as string;
    expect(candidate).toMatch(/^onnx:flag-everything\.onnx@[0-9a-f]{8}$/);
    const lastCanary = events.map(versionOf).lastIndexOf(candidate);
    // Before the roll-back each card saw one model, and the candidate flagged every event it served.
    const before = events.slice(0, lastCanary + 1);
    const modelsPerCard = new Map<string, Set<string>>();
    for (const e of before) {
      const card = (e.transaction as { card: { id: string } }).card.id;
      modelsPerCard.set(card, (modelsPerCard.get(card) ?? new Set()).add(versionOf(e)));
    }
    for (const models of modelsPerCard.values()) expect(models.size).toBe(1);
    for (const e of before.filter((x) => versionOf(x) === candidate)) expect(anomalyOf(e)?.is_anomaly).toBe(true);
    // After it, the current model serves every card, and far fewer events are anomalies.
    const after = events.slice(lastCanary + 1);
    expect(after.length).toBeGreaterThan(2000);
    for (const e of after) expect(versionOf(e)).toMatch(/^onnx:sklearn-iforest\.onnx@/);
    expect(after.filter((e) => anomalyOf(e)?.is_anomaly).length / after.length).toBeLessThan(0.2);
    const status = (processor.models as ModelControl).status();
    expect(status).toMatchObject({ state: 'rolled_back', decision: { by: 'guard' }, candidate: { version: candidate, flagged_rate: 1 } });
    const warning = logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.level === 40 && 'candidate' in l);
    expect(warning).toMatchObject({ reason: 'flagged_rate', candidate, candidate_flagged_rate: 1 });
    const text = await metrics.metrics();
    expect(text).toContain(`sidecar_model_rollbacks_total{processor="payments",version="${candidate}",reason="flagged_rate"} 1`);
    expect(text).toContain(`sidecar_model_candidate_state{processor="payments",version="${candidate}",state="rolled_back"} 1`);
    // Built again with the same models (a restart, a reload that changed the share): the candidate stays off.
    const again = await create({ ...config, canary: { ...config.canary, share: 0.5 } }, dir);
    expect((again.models as ModelControl).status().state).toBe('rolled_back');
    const more = transactions(200, 9).events;
    await feed(again, more);
    for (const e of more) expect(versionOf(e)).toMatch(/^onnx:sklearn-iforest\.onnx@/);
  });

  it('a promoted shadow candidate serves every event, also when the processor is built again', async () => {
    const dir = await stateDir();
    const config = { model: { format: 'onnx', path: 'sklearn-iforest.onnx' }, shadow: { model: { format: 'onnx', path: 'flag-everything.onnx' } }, guard: { enabled: false }, severity: {} };
    const processor = await create(config, dir);
    const { events } = transactions(100);
    await feed(processor, events.slice(0, 50));
    expect(anomalyOf(events[0])?.shadow).toMatchObject({ status: 'scored', is_anomaly: true, score: 0.95, model_version: expect.stringMatching(/^onnx:flag-everything\.onnx@/) });
    expect(anomalyOf(events[0])?.model_version).toMatch(/^onnx:sklearn-iforest\.onnx@/);
    const promoted = await (processor.models as ModelControl).promote();
    expect(promoted).toMatchObject({ state: 'promoted', serving: anomalyOf(events[0])?.shadow?.model_version });
    await feed(processor, events.slice(50));
    expect(anomalyOf(events[99])?.model_version).toMatch(/^onnx:flag-everything\.onnx@/);
    expect(anomalyOf(events[99])?.shadow).toBeUndefined();
    const again = await create(config, dir);
    expect((again.models as ModelControl).status().state).toBe('promoted');
  });

  it('scores with an ONNX model at once when severity fixes the cut-offs', async () => {
    const processor = await create({ model: { format: 'onnx', path: 'sklearn-iforest.onnx' }, severity: { medium: 0.55 } }, await stateDir());
    const { events } = transactions(50);
    await feed(processor, events);
    const scored = events.map(anomalyOf);
    expect(scored.every((a) => a?.status === 'scored')).toBe(true);
    for (const a of scored) expect(a?.is_anomaly).toBe((a?.score as number) >= 0.55);
    expect(scored.filter((a) => a?.severity === 'critical').every((a) => (a?.score as number) >= 0.8)).toBe(true);
  });

  it('keeps the ONNX calibration sample over a restart, and its cut-offs once complete', async () => {
    const dir = await stateDir();
    const onnx = { model: { format: 'onnx', path: 'sklearn-iforest.onnx' }, warmup: 100 };
    const { events } = transactions(400);
    const first = await create(onnx, dir);
    await feed(first, events.slice(0, 60));
    await first.close?.();
    open.splice(open.indexOf(first), 1);
    // 60 scores were saved: 40 more complete the sample.
    const logs: string[] = [];
    const second = await create(onnx, dir, logs);
    expect(logs.join('')).toMatch(/"seen":60,"scores":60,"msg":"anomaly calibration restored"/);
    await feed(second, events.slice(60, 200), 20);
    expect(anomalyOf(events[99])?.status).toBe('learning');
    expect(anomalyOf(events[100])?.status).toBe('scored');
    await second.close?.();
    open.splice(open.indexOf(second), 1);
    const third = await create(onnx, dir);
    const later = events.slice(200, 210);
    await third.process(later);
    expect(later.every((e) => anomalyOf(e)?.status === 'scored')).toBe(true);
    // The same cut-offs as before the restart: the same score gets the same severity.
    const again = structuredClone(events[150]) as LogEvent;
    delete again.anomaly;
    await third.process([again]);
    expect(anomalyOf(again)?.severity).toBe(anomalyOf(events[150])?.severity);
  });

  it('scores an ONNX model it cannot read as a forest through onnxruntime, and says its events cannot be explained', async () => {
    const logs: string[] = [];
    const features = [0, 1, 5].map((i) => PAYMENT_FEATURES_YAML[i]);
    const processor = await create({ features, model: { format: 'onnx', path: 'pipeline-scaler.onnx' }, severity: {} }, await stateDir(), logs);
    const { events } = transactions(30);
    await feed(processor, events);
    expect(logs.join('')).toMatch(/"reason":"the input of tree ensemble .* goes through Scaler .*","msg":"ONNX anomaly model not understood: scored by onnxruntime, without anomaly.explanation"/);
    const a = anomalyOf(events[10]);
    expect(a?.status).toBe('scored');
    expect(a?.score).toBeGreaterThan(0);
    expect(a?.explanation).toBeUndefined();
    expect((a as { explanation_status?: string }).explanation_status).toBe('unavailable');
  });

  it('fails validation for an ONNX model file that is not there', () => {
    const config = anomalyProcessor.config.parse({ features: PAYMENT_FEATURES_YAML, model: { format: 'onnx', path: 'nope.onnx' } });
    expect(anomalyProcessor.check?.(config, { configDir: fixtures })).toEqual([{ path: ['model', 'path'], message: `ONNX model ${path.join(fixtures, 'nope.onnx')} not found` }]);
  });
  it('with contamination, learns the severity cut-offs from the training scores', async () => {
    const processor = await create({ contamination: 0.02, warmup: 600 }, await stateDir());
    const { events } = transactions(1200);
    await feed(processor, events);
    const scored = events.slice(600).map(anomalyOf);
    const flagged = scored.filter((a) => a?.is_anomaly).length;
    // A few percent of the events after training are flagged (2 % of the training events were; later ones
    // differ a little: the frequency encodings keep learning), fewer are high, fewer critical.
    expect(flagged / scored.length).toBeGreaterThan(0.005);
    expect(flagged / scored.length).toBeLessThan(0.1);
    const count = (severity: string) => scored.filter((a) => a?.severity === severity).length;
    expect(count('critical')).toBeLessThanOrEqual(count('high') + count('critical'));
    expect(count('medium') + count('high') + count('critical')).toBe(flagged);
  });

  it('learns the cut-offs with contamination 0.01 by default; a fixed severity or threshold overrides them', async () => {
    const { events } = transactions(3000);
    const run = async (extra: Record<string, unknown>) => {
      const copy = events.map((e) => structuredClone(e));
      const processor = await create({ warmup: 1000, refit_every: 5000, ...extra }, await stateDir());
      await feed(processor, copy, 100);
      return copy.slice(1000).map(anomalyOf);
    };
    const learned = await run({});
    const share = learned.filter((a) => a?.is_anomaly).length / learned.length;
    // 1 % of the training window's scores and up are anomalies: about 1 % of the events after it.
    expect(share).toBeGreaterThan(0.002);
    expect(share).toBeLessThan(0.03);
    const fixed = await run({ severity: {} });
    for (const a of fixed) expect(a?.is_anomaly).toBe((a?.score as number) >= 0.6);
    const threshold = await run({ threshold: 0.5 });
    for (const a of threshold) expect(a?.is_anomaly).toBe((a?.score as number) >= 0.5);
    // Only is_anomaly moved: the severities are still the learned ones.
    expect(threshold.map((a) => a?.severity)).toEqual(learned.map((a) => a?.severity));
  });

  it('warns when the warm-up is too short for the learned cut-off to mean anything', async () => {
    const short: string[] = [];
    await create({ warmup: 50 }, await stateDir(), short);
    expect(short.join('')).toMatch(/fewer than one of the first 50 events is above the learned cut-off; raise warmup to 100 or more, or set severity/);
    const fixed: string[] = [];
    await create({ warmup: 50, severity: {} }, await stateDir(), fixed);
    expect(fixed.join('')).not.toMatch(/above the learned cut-off/);
  });

  it('refuses contamination together with severity', () => {
    const parsed = anomalyProcessor.config.safeParse({ features: PAYMENT_FEATURES_YAML, contamination: 0.02, severity: { medium: 0.7 } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['contamination'], message: 'contamination learns the severity cut-offs and severity fixes them: set one or the other' });
  });

  it('saves the training window and the refit schedule: after a restart the next refit comes on time, on a full window', async () => {
    const dir = await stateDir();
    const settings = { warmup: 200, refit_every: 400, window: 600 };
    const { events } = transactions(1000);
    const first = await create(settings, dir);
    await feed(first, events.slice(0, 650));
    await first.close?.();
    open.splice(open.indexOf(first), 1);
    const logs: string[] = [];
    const second = await create(settings, dir, logs);
    // Fits at 200 and 600 events: 50 events since, and the window's 600 rows.
    expect(logs.join('')).toMatch(/"version":2,"seen":650,"window_rows":600,"since_fit":50,"msg":"anomaly model restored"/);
    await feed(second, events.slice(650), 50);
    await second.close?.(); // waits for the background refit
    open.splice(open.indexOf(second), 1);
    // 400 events after the last fit, as without the restart, and on a full window, not the 350 rows seen since.
    expect(logs.join('')).toMatch(/"version":3,"rows":600,.*"msg":"anomaly model trained"/);
  });
});

async function ensureDir(dir: string): Promise<string> {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(path.join(dir, 'anomaly'), { recursive: true });
  return path.join(dir, 'anomaly');
}
