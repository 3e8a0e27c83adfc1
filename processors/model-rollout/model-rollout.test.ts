import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LogEvent } from '../../agent/kit.js';
import { guardSchema } from './config.js';
import { ModelRollout, type ModelRunner, type OutcomeProfile, type RolloutOptions } from './model-rollout.js';
import { capturedLogger } from '../../test/helpers/captured-logger.js';

interface Outcome {
  flag: boolean;
  score: number;
}

const profile: OutcomeProfile<Outcome> = {
  flagged: (o) => o.flag,
  score: (o) => o.score,
  agree: (a, b) => a.flag === b.flag,
  similarity: (a, b) => 1 - Math.abs(a.score - b.score),
};

const CURRENT = { identity: { name: 'current-model', hash: 'aaaaaaaa' } };
const CANDIDATE = { identity: { name: 'candidate-model', hash: 'bbbbbbbb' } };

function events(count: number, offset = 0): LogEvent[] {
  return Array.from({ length: count }, (_, i) => ({ '@timestamp': 't', message: `m${offset + i}`, customer: { id: `cust-${(offset + i) % 50}` } }) as LogEvent);
}

/** A model that flags every `every`-th event it is given, and records which events it saw. */
function model(every: number, seen: number[][] = []): ModelRunner<Outcome> {
  return async (indices) => {
    seen.push([...indices]);
    return indices.map((i) => ({ flag: every > 0 && i % every === 0, score: every > 0 && i % every === 0 ? 0.9 : 0.3 }));
  };
}

interface Harness {
  rollout: ModelRollout<Outcome>;
  metrics: Registry;
  logs: string[];
  stateDir: string;
}

async function open(extra: Partial<RolloutOptions<Outcome>> = {}, stateDir?: string): Promise<Harness> {
  const logs: string[] = [];
  const metrics = new Registry();
  const dir = stateDir ?? (await mkdtemp(path.join(os.tmpdir(), 'rollout-')));
  const logger = capturedLogger(logs);
  const rollout = await ModelRollout.open<Outcome>({
    processor: 'scorer',
    type: 'test',
    namespace: 'test',
    current: CURRENT,
    candidate: { ...CANDIDATE, mode: 'shadow', share: 1, key: undefined },
    guard: guardSchema.parse({ min_events: 100 }),
    profile,
    stateDir: dir,
    logger,
    metrics,
    ...extra,
  });
  return { rollout, metrics, logs, stateDir: dir };
}

describe('model roll-out', () => {
  it('shadow: both models see every event, the current one serves, and the comparison is counted', async () => {
    const { rollout, metrics } = await open();
    const seen: number[][] = [];
    const batch = await rollout.run(events(20), model(4), model(5, seen));
    expect(batch.servedBy.every((role) => role === 'current')).toBe(true);
    expect(seen).toEqual([Array.from({ length: 20 }, (_, i) => i)]);
    expect(batch.shadow).toHaveLength(20);
    // Agreement: both flag 0 and 20-multiples, neither flags the events that are multiples of neither.
    const disagree = [4, 5, 8, 10, 12, 15, 16].length;
    const status = rollout.status();
    expect(status.state).toBe('shadow');
    expect(status.comparison).toMatchObject({ compared: 20, agreed: 20 - disagree, agreement: (20 - disagree) / 20 });
    expect(status.current).toMatchObject({ version: 'current-model@aaaaaaaa', events: 20, served: 20, flagged_rate: 0.25 });
    expect(status.candidate).toMatchObject({ version: 'candidate-model@bbbbbbbb', events: 20, served: 0, flagged_rate: 0.2, mode: 'shadow' });
    const text = await metrics.metrics();
    expect(text).toContain('sidecar_model_compared_total{processor="scorer",version="candidate-model@bbbbbbbb"} 20');
    expect(text).toContain(`sidecar_model_agreed_total{processor="scorer",version="candidate-model@bbbbbbbb"} ${20 - disagree}`);
    expect(text).toContain('sidecar_model_flagged_total{processor="scorer",role="candidate",version="candidate-model@bbbbbbbb"} 4');
    expect(text).toContain('sidecar_model_served_total{processor="scorer",role="current",version="current-model@aaaaaaaa"} 20');
    expect(text).toContain('sidecar_model_inference_seconds_count{processor="scorer",role="candidate",version="candidate-model@bbbbbbbb"} 1');
    expect(text).toContain('sidecar_model_score_count{processor="scorer",role="current",version="current-model@aaaaaaaa"} 20');
    expect(text).toContain('sidecar_model_candidate_state{processor="scorer",version="candidate-model@bbbbbbbb",state="shadow"} 1');
    expect(text).toContain('sidecar_model_info{processor="scorer",role="candidate",version="candidate-model@bbbbbbbb"} 1');
    rollout.close();
    expect(await metrics.metrics()).not.toContain('sidecar_model_info{');
  });

  it('canary: each key goes to one model, the candidate gets its share, events without a key stay', async () => {
    const { rollout } = await open({ candidate: { ...CANDIDATE, mode: 'canary', share: 0.3, key: 'customer.id' } });
    const servedBy = new Map<string, Set<string>>();
    const batch = events(500);
    batch.push({ '@timestamp': 't', message: 'no customer' });
    const first = await rollout.run(batch, model(0), model(0));
    const second = await rollout.run(batch, model(0), model(0));
    expect(second.servedBy).toEqual(first.servedBy);
    batch.forEach((event, i) => {
      const id = String((event.customer as { id?: string } | undefined)?.id);
      servedBy.set(id, (servedBy.get(id) ?? new Set()).add(first.servedBy[i] as string));
    });
    for (const roles of servedBy.values()) expect(roles.size).toBe(1);
    expect(servedBy.get('undefined')).toEqual(new Set(['current']));
    const customers = [...servedBy.entries()].filter(([id, roles]) => id !== 'undefined' && roles.has('candidate')).length;
    expect(customers).toBeGreaterThan(5);
    expect(customers).toBeLessThan(25);
    expect(rollout.status()).toMatchObject({ state: 'canary', without_key: 2, candidate: { share: 0.3, key: 'customer.id' } });
  });

  it('falls back to the current model where the candidate fails or has no result yet', async () => {
    const { rollout } = await open({ candidate: { ...CANDIDATE, mode: 'canary', share: 1, key: 'customer.id' } });
    const failing: ModelRunner<Outcome> = () => Promise.reject(new Error('candidate broke'));
    const seen: number[][] = [];
    const batch = await rollout.run(events(10), model(2, seen), failing);
    expect(batch.servedBy.every((role) => role === 'current')).toBe(true);
    expect(batch.served.every((r) => r !== undefined && !(r instanceof Error))).toBe(true);
    expect(seen).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]);
    expect(rollout.status().candidate).toMatchObject({ errors: 10, error_rate: 1, served: 0 });
    const learning: ModelRunner<Outcome> = async (indices) => indices.map((i) => (i < 5 ? undefined : { flag: false, score: 0.1 }));
    const next = await rollout.run(events(10), model(2), learning);
    expect(next.servedBy).toEqual([...new Array(5).fill('current'), ...new Array(5).fill('candidate')]);
  });

  it('the guard rolls back a candidate whose error rate leaves the band, logs why and stops running it', async () => {
    const { rollout, metrics, logs, stateDir } = await open({ candidate: { ...CANDIDATE, mode: 'canary', share: 0.5, key: 'customer.id' } });
    let candidateCalls = 0;
    const flaky: ModelRunner<Outcome> = async (indices) => {
      candidateCalls++;
      if (candidateCalls % 2 === 0) throw new Error('timed out');
      return indices.map(() => ({ flag: false, score: 0.2 }));
    };
    for (let i = 0; i < 20 && rollout.status().state === 'canary'; i++) await rollout.run(events(50, i * 50), model(10), flaky);
    const status = rollout.status();
    expect(status.state).toBe('rolled_back');
    expect(status.decision).toMatchObject({ state: 'rolled_back', by: 'guard' });
    expect(status.decision?.reason).toMatch(/^error_rate: candidate_error_rate=0\.\d+ current_error_rate=0 band=0\.02/);
    const calls = candidateCalls;
    const after = await rollout.run(events(50), model(10), flaky);
    expect(candidateCalls).toBe(calls);
    expect(after.servedBy.every((role) => role === 'current')).toBe(true);
    const warning = logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.level === 40);
    expect(warning).toMatchObject({ reason: 'error_rate', candidate: 'candidate-model@bbbbbbbb', current_error_rate: 0, band: 0.02 });
    expect(warning?.msg).toMatch(/rolled back by the guard: error rate outside its band/);
    const text = await metrics.metrics();
    expect(text).toContain('sidecar_model_rollbacks_total{processor="scorer",version="candidate-model@bbbbbbbb",reason="error_rate"} 1');
    expect(text).toContain('sidecar_model_candidate_state{processor="scorer",version="candidate-model@bbbbbbbb",state="rolled_back"} 1');
    expect(text).toContain('sidecar_model_candidate_state{processor="scorer",version="candidate-model@bbbbbbbb",state="canary"} 0');
    const saved = JSON.parse(await readFile(path.join(stateDir, 'models', 'scorer.json'), 'utf8')) as Record<string, unknown>;
    expect(saved).toMatchObject({ processor: 'scorer', current: 'aaaaaaaa', candidate: 'bbbbbbbb', state: 'rolled_back', by: 'guard' });
  });

  describe('guard.window', () => {
    afterEach(() => vi.useRealTimers());

    /** 40 batches of a candidate that agrees with the current model (30 s apart), then 3 in which it flags everything. */
    async function goesWrongLate(window: string | undefined): Promise<string> {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(0);
      const guard = guardSchema.parse(window === undefined ? { min_events: 100 } : { min_events: 100, window });
      const { rollout } = await open({ guard });
      const flagsAll: ModelRunner<Outcome> = async (indices) => indices.map(() => ({ flag: true, score: 0.9 }));
      for (let i = 0; i < 43; i++) {
        vi.setSystemTime(i * 30_000);
        await rollout.run(events(50, i * 50), model(4), i < 40 ? model(4) : flagsAll);
      }
      return rollout.status().state;
    }

    it('judges the last stretch, so a candidate that goes wrong after a long good run is rolled back', async () => {
      expect(await goesWrongLate('2m')).toBe('rolled_back');
    });

    it('without it the long good run dilutes the change and the candidate stays', async () => {
      expect(await goesWrongLate(undefined)).toBe('shadow');
    });
  });

  it('keeps a decision across a rebuild while the models stay the same, and forgets it for another candidate', async () => {
    const first = await open();
    await first.rollout.promote();
    first.rollout.close();
    const again = await open({}, first.stateDir);
    expect(again.rollout.status()).toMatchObject({ state: 'promoted', serving: 'candidate-model@bbbbbbbb', decision: { by: 'api', state: 'promoted' } });
    expect(again.logs.join('')).toMatch(/"msg":"model versions loaded; the saved decision applies \(promoted\)"/);
    const batch = await again.rollout.run(events(5), model(2), model(3));
    expect(batch.servedBy.every((role) => role === 'candidate')).toBe(true);
    await again.rollout.rollback();
    const rolledBack = await open({}, first.stateDir);
    expect(rolledBack.rollout.status().state).toBe('rolled_back');
    const other = await open({ candidate: { identity: { name: 'candidate-model', hash: 'cccccccc' }, mode: 'shadow', share: 1, key: undefined } }, first.stateDir);
    expect(other.rollout.status().state).toBe('shadow');
    expect(other.rollout.status().decision).toBeUndefined();
  });

  it('refuses to promote or roll back without a candidate', async () => {
    const { rollout } = await open({ candidate: undefined });
    expect(rollout.status()).toMatchObject({ state: 'none', serving: 'current-model@aaaaaaaa' });
    await expect(rollout.promote()).rejects.toMatchObject({ code: 'MODEL_NO_CANDIDATE' });
    await expect(rollout.rollback()).rejects.toMatchObject({ code: 'MODEL_NO_CANDIDATE' });
  });

  it('stamps the version of the model that served, and the shadow’s beside it', async () => {
    const { rollout } = await open({ candidate: { ...CANDIDATE, stamp: () => 'candidate-model:7@bbbbbbbb', mode: 'shadow', share: 1, key: undefined } });
    const event: LogEvent = { '@timestamp': 't', message: '' };
    rollout.stamp(event, 'current');
    rollout.stamp(event, 'candidate', true);
    expect(event.test).toEqual({ model_version: 'current-model@aaaaaaaa', shadow: { model_version: 'candidate-model:7@bbbbbbbb' } });
  });
});
