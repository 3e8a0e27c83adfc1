import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fitForest } from '../../processors/anomaly/forest/fit-forest.js';
import { scoreBatch } from '../../processors/anomaly/forest/scoring.js';
import { compileWalk, runWalk } from './c-walk.js';
import { readForestFile, writeDoubles, writeForestFile } from './forest-file.js';
import { writeLayoutFile } from './layout-file.js';

const dir = await mkdtemp(path.join(os.tmpdir(), 'forest-file-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const width = 3;
const count = 203;
const data = Float64Array.from({ length: 2000 * width }, (_, i) => Math.fround(Math.sin(i * 0.37) * (1 + (i % width)) + (i % 11 === 0 ? 5 : 0)));
const model = fitForest(data, 2000, width, { trees: 9, sampleSize: 64, seed: 3 });
const rows = data.subarray(0, count * width);
const scores = new Float64Array(count);
scoreBatch(model, rows, count, scores);

describe('forest file for the C and scikit-learn scorers', () => {
  it('numbers each tree from its root with children after their parent, and reads back to the same scores', async () => {
    const file = path.join(dir, 'forest.bin');
    await writeForestFile(model, file);
    const bytes = await readFile(file);
    const ints = new Int32Array(bytes.buffer, bytes.byteOffset, 4 + 10 + 3 * model.feature.length);
    const [trees, features, sampleSize, nodes] = ints;
    expect([trees, features, sampleSize, nodes]).toEqual([9, width, 64, model.feature.length]);
    const start = ints.subarray(4, 14);
    const feature = ints.subarray(14, 14 + model.feature.length);
    const left = ints.subarray(14 + model.feature.length, 14 + 2 * model.feature.length);
    for (let t = 0; t < 9; t++) {
      for (let n = start[t] as number; n < (start[t + 1] as number); n++) {
        if ((feature[n] as number) < 0) continue;
        expect(left[n] as number).toBeGreaterThan(n - (start[t] as number));
      }
    }
    const back = await readForestFile(file);
    const again = new Float64Array(count);
    scoreBatch(back, rows, count, again);
    expect(Array.from(again)).toEqual(Array.from(scores));
  });

  it('is scored by the C walk, both ways, like the agent (|error| <= 1e-12)', async () => {
    const files = { forest: path.join(dir, 'c-forest.bin'), layout: path.join(dir, 'layout.bin'), rows: path.join(dir, 'rows.bin'), scores: path.join(dir, 'scores.bin') };
    await writeForestFile(model, files.forest);
    await writeLayoutFile(model, files.layout);
    await writeDoubles(rows, files.rows);
    await writeDoubles(scores, files.scores);
    const walk = await compileWalk(path.resolve(import.meta.dirname, '../..'), dir);
    const result = await runWalk(walk, [files.forest, files.layout, files.rows, files.scores, '1', '1,5,203']);
    expect(Object.keys(result.variants).sort()).toEqual(['layout', 'walk']);
    for (const bySize of Object.values(result.variants)) {
      expect(Object.keys(bySize)).toHaveLength(3);
      for (const timing of Object.values(bySize)) expect(timing.max_diff).toBeLessThanOrEqual(1e-12);
    }
  });
});
