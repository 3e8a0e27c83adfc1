/**
 * scikit-learn scoring the agent's own trees (scripts/python/same_trees.py, the reference of the same-trees
 * part of `npm run bench:anomaly`): its score_samples on the agent's forest file must be the agent's scores.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeDoubles, writeForestFile } from '../../bench/anomaly/forest-file.js';
import { ScorerTimings } from '../../bench/anomaly/timings.js';
import { fitForest } from '../../processors/anomaly/forest/fit-forest.js';
import { scoreBatch } from '../../processors/anomaly/forest/scoring.js';
import { runPython } from '../../scripts/python/env.js';

const dir = await mkdtemp(path.join(os.tmpdir(), 'same-trees-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("scikit-learn on the agent's trees", () => {
  it('scores like the agent (|error| <= 1e-12) at every batch size', async () => {
    const width = 4;
    const rows = 600;
    // float32 values with ties, as the bench hands scikit-learn.
    const data = Float64Array.from({ length: rows * width }, (_, i) => Math.fround(i % width === 0 ? i % 7 : Math.cos(i * 1.3) * 10 ** (i % 3)));
    const model = fitForest(data, rows, width, { trees: 12, sampleSize: 128, seed: 5 });
    const scores = new Float64Array(rows);
    scoreBatch(model, data, rows, scores);
    const files = { forest: path.join(dir, 'forest.bin'), rows: path.join(dir, 'rows.bin'), scores: path.join(dir, 'scores.bin') };
    await writeForestFile(model, files.forest);
    await writeDoubles(data, files.rows);
    await writeDoubles(scores, files.scores);
    const result = ScorerTimings.parse(JSON.parse(await runPython('same_trees.py', [files.forest, files.rows, files.scores, '1', '3', '1,64,600'])));
    const bySize = result.variants.score_samples ?? {};
    expect(Object.keys(bySize).sort()).toEqual(['1', '600', '64']);
    expect(bySize['1']?.rows).toBe(3);
    for (const timing of Object.values(bySize)) expect(timing.max_diff).toBeLessThanOrEqual(1e-12);
  });
});
