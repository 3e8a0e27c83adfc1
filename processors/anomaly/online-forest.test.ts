import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { describe, expect, it } from 'vitest';
import { PAYMENT_FEATURES } from '../../scripts/transactions/payment-features.js';
import { FeatureEncoder } from './features.js';
import { fitForest, type ForestOptions } from './forest/fit-forest.js';
import type { ForestModel } from './forest/forest-model.js';
import { ModelStore } from './model-store.js';
import { OnlineForest } from './online-forest.js';

const WIDTH = PAYMENT_FEATURES.length;
const OPTIONS = { trees: 5, sampleSize: 16, seed: 3, warmup: 50, refitEvery: 70, refitIntervalMs: undefined, window: 100, contamination: 0.05 };
const settings = { features: PAYMENT_FEATURES, ...OPTIONS };
const silent = pino({ level: 'silent' });

/** Fits in the calling thread and keeps a copy of every training set. */
class RecordingTrainer {
  readonly trainingSets: number[][] = [];
  async train(data: Float64Array, rows: number, features: number, options: ForestOptions): Promise<ForestModel> {
    this.trainingSets.push(Array.from(data.subarray(0, rows * features)));
    return fitForest(data, rows, features, options);
  }
}

function randomRows(count: number, seed: number): Float64Array {
  const rng = xoroshiro128plus(seed);
  return Float64Array.from({ length: count * WIDTH }, () => uniformFloat64(rng));
}

async function forest(dir: string, trainer: RecordingTrainer, store = new ModelStore(dir, 'p', settings, WIDTH)): Promise<OnlineForest> {
  const f = new OnlineForest(WIDTH, OPTIONS, trainer, store, new FeatureEncoder(PAYMENT_FEATURES), silent);
  await f.restore();
  return f;
}

/** Feeds rows [from, to) in batches of 10, letting each refit finish before the next batch. */
async function feed(f: OnlineForest, rows: Float64Array, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i += 10) {
    const n = Math.min(10, to - i);
    await f.observeAndScore(rows.subarray(i * WIDTH, (i + n) * WIDTH), n);
    await f.settled();
  }
}

describe('online forest over a restart', () => {
  it.each([
    { stopAt: 185, when: 'between refits', firstFitAfter: 100 },
    { stopAt: 30, when: 'during the warm-up', firstFitAfter: 50 },
  ])('trains every later model on exactly the rows it would have without a restart (stopped $when)', async ({ stopAt, firstFitAfter }) => {
    const rows = randomRows(400, 1);
    // The same batches on both sides: a refit comes after the batch that completes refitEvery events.
    const steady = new RecordingTrainer();
    const running = await forest(await mkdtemp(path.join(os.tmpdir(), 'forest-')), steady);
    await feed(running, rows, 0, stopAt);
    await feed(running, rows, stopAt, 400);

    const dir = await mkdtemp(path.join(os.tmpdir(), 'forest-'));
    const restarted = new RecordingTrainer();
    const before = await forest(dir, restarted);
    await feed(before, rows, 0, stopAt);
    await before.close();
    const fitsBefore = restarted.trainingSets.length;
    const after = await forest(dir, restarted);
    await feed(after, rows, stopAt, 400);

    expect(restarted.trainingSets.length).toBe(steady.trainingSets.length);
    restarted.trainingSets.forEach((set, i) => expect(set, `fit ${i + 1}`).toEqual(steady.trainingSets[i]));
    // The first fit after the restart: a full window (or the whole warm-up), not only the rows seen since.
    expect(restarted.trainingSets[fitsBefore]?.length).toBe(firstFitAfter * WIDTH);
  });

  it('saves the newest window rows, oldest first, when it stops', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'forest-'));
    const rows = randomRows(230, 2);
    const f = await forest(dir, new RecordingTrainer());
    await feed(f, rows, 0, 230);
    await f.close();
    const loaded = await new ModelStore(dir, 'p', settings, WIDTH).load();
    if (loaded.kind !== 'ok') throw new Error(`expected a saved model, got ${loaded.kind}`);
    expect(Array.from(loaded.saved.window?.rows ?? [])).toEqual(Array.from(rows.subarray(130 * WIDTH)));
    // Fits at 50, 120 and 190 events: 40 since.
    expect(loaded.saved.window?.sinceFit).toBe(40);
    expect(loaded.saved.seen).toBe(230);
  });

  it('reports a saved window that is not whole rows of the features as unusable', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'forest-'));
    const f = await forest(dir, new RecordingTrainer());
    await feed(f, randomRows(230, 4), 0, 230);
    await f.close();
    // The window's 100 rows of 6 features are 600 values: not rows of 7.
    expect(await new ModelStore(dir, 'p', settings, 7).load()).toEqual({ kind: 'unusable', reason: "inconsistent model (the window's 600 values are not rows of 7 features)" });
  });

  it('keeps at most the bound of the newest rows in the file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'forest-'));
    const rows = randomRows(150, 3);
    const bounded = new ModelStore(dir, 'p', settings, WIDTH, 40 * WIDTH * 8);
    const f = await forest(dir, new RecordingTrainer(), bounded);
    await feed(f, rows, 0, 150);
    await f.close();
    const loaded = await bounded.load();
    if (loaded.kind !== 'ok') throw new Error(`expected a saved model, got ${loaded.kind}`);
    expect(Array.from(loaded.saved.window?.rows ?? [])).toEqual(Array.from(rows.subarray(110 * WIDTH)));
  });
});
