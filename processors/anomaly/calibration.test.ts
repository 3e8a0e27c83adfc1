import { mkdtemp, readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ScoreCalibration } from './calibration.js';
import { normalCutoffs } from './cutoffs.js';
import { capturedLogger } from '../../test/helpers/captured-logger.js';

const SCHEDULE = { warmup: 100, refitEvery: 50, window: 200 };

function calibration(dir: string, logs: string[] = [], model = 'a'): ScoreCalibration {
  const logger = capturedLogger(logs);
  return new ScoreCalibration(dir, 'payments', { model }, SCHEDULE, 0.1, logger);
}

/** Scores i / 1000 for i in [from, to). */
const scores = (from: number, to: number) => Float64Array.from({ length: to - from }, (_, i) => (from + i) / 1000);

describe('ONNX score calibration', () => {
  it('learns the cut-offs from the first warmup scores, then every refitEvery events from the newest window', async () => {
    const c = calibration(await mkdtemp(path.join(os.tmpdir(), 'calibration-')));
    expect(c.observe(scores(0, 60), 60)).toBe(60);
    expect(c.cutoffs).toBeUndefined();
    // The batch that completes the warm-up: 40 of its events are learning, and it is calibrated on.
    expect(c.observe(scores(60, 120), 60)).toBe(40);
    expect(c.cutoffs).toEqual(normalCutoffs(scores(0, 120), 120, 0.1));
    const first = c.cutoffs;
    expect(c.observe(scores(120, 160), 40)).toBe(0);
    expect(c.cutoffs).toBe(first); // 40 events since: not yet
    c.observe(scores(160, 300), 140);
    // 180 events since the calibration: calibrated again on the newest 200 scores.
    expect(c.cutoffs).toEqual(normalCutoffs(scores(100, 300), 200, 0.1));
  });

  it('continues the sample and the schedule after a restart', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'calibration-'));
    const steady = calibration(await mkdtemp(path.join(os.tmpdir(), 'calibration-')));
    const before = calibration(dir);
    for (const c of [steady, before]) c.observe(scores(0, 70), 70);
    await before.save();
    const after = calibration(dir);
    await after.restore();
    for (const c of [steady, after]) expect(c.observe(scores(70, 110), 40)).toBe(30);
    expect(after.cutoffs).toEqual(steady.cutoffs);
    for (const c of [steady, after]) c.observe(scores(110, 150), 40);
    await after.save();
    const again = calibration(dir);
    await again.restore();
    expect(again.cutoffs).toEqual(steady.cutoffs);
    // 40 events since the last calibration were saved: 10 more make it due, as without the restart.
    for (const c of [steady, again]) c.observe(scores(150, 160), 10);
    expect(again.cutoffs).toEqual(steady.cutoffs);
    expect(again.cutoffs).toEqual(normalCutoffs(scores(0, 160), 160, 0.1));
  });

  it('learns the cut-offs again from the saved scores when the contamination changed', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'calibration-'));
    const before = calibration(dir);
    before.observe(scores(0, 130), 130);
    await before.save();
    const after = new ScoreCalibration(dir, 'payments', { model: 'a' }, SCHEDULE, 0.02, pino({ level: 'silent' }));
    await after.restore();
    expect(after.cutoffs).toEqual(normalCutoffs(scores(0, 130), 130, 0.02));
  });

  it('learns the cut-offs again from the saved scores when another estimator saved them', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'calibration-'));
    const before = calibration(dir);
    before.observe(scores(0, 130), 130);
    await before.save();
    // As the first estimator saved it: no cutoffsMethod, and its own cut-offs.
    const file = path.join(dir, 'anomaly', 'payments.calibration.json');
    const { cutoffsMethod: _method, ...saved } = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...saved, cutoffs: { medium: 0.9, high: 0.95, critical: 0.99 } }));
    const after = calibration(dir);
    await after.restore();
    expect(after.cutoffs).toEqual(normalCutoffs(scores(0, 130), 130, 0.1));
  });

  it('reports and ignores a corrupt file or one saved for another model', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'calibration-'));
    const first = calibration(dir);
    first.observe(scores(0, 150), 150);
    await first.save();
    const logs: string[] = [];
    const other = calibration(dir, logs, 'b');
    await other.restore();
    expect(logs.join('')).toMatch(/"reason":"saved for another model or other features","msg":"saved anomaly calibration not used; calibrating again"/);
    expect(other.cutoffs).toBeUndefined();
    await mkdir(path.join(dir, 'anomaly'), { recursive: true });
    await writeFile(path.join(dir, 'anomaly', 'payments.calibration.json'), '{"format":1,"signature"');
    const corrupt: string[] = [];
    const fresh = calibration(dir, corrupt);
    await fresh.restore();
    expect(corrupt.join('')).toMatch(/corrupt .*moved to/);
    expect(fresh.cutoffs).toBeUndefined();
    expect((await readdir(path.join(dir, 'anomaly'))).some((f) => f.startsWith('payments.calibration.json.corrupt-'))).toBe(true);
  });
});
