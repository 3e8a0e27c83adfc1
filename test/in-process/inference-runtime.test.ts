/**
 * The model worker's onnxruntime settings (`inference: { threads }`) reach the inference session: each
 * intra-op thread beyond the first is an OS thread of this process while the model is loaded.
 */
import { readdirSync } from 'node:fs';
import { setTimeout } from 'node:timers/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InferenceService } from '../../models/inference/inference-service.js';

const root = path.resolve(import.meta.dirname, '../..');
const folder = path.join(root, 'models', 'all-minilm-l6-v2');
const threadsOfThisProcess = () => readdirSync('/proc/self/task').length;

/**
 * The thread count once it has stopped changing: a stopped worker's threads end a moment after stop()
 * resolves, and counting them in the next measurement's baseline made its difference one too small.
 */
async function settledThreadCount(): Promise<number> {
  let last = threadsOfThisProcess();
  for (let unchangedMs = 0, waitedMs = 0; unchangedMs < 200 && waitedMs < 5000; waitedMs += 20) {
    await setTimeout(20);
    const now = threadsOfThisProcess();
    unchangedMs = now === last ? unchangedMs + 20 : 0;
    last = now;
  }
  return last;
}

async function threadsAdded(threads: number): Promise<{ added: number; vectors: Float32Array[] }> {
  const before = await settledThreadCount();
  const service = await InferenceService.start('embed', folder, { maxBatch: 8, maxWaitMs: 0, runtime: { threads, spin: false } });
  try {
    const vectors = await service.run(['my invoice was charged twice', 'the app crashes at login']);
    return { added: threadsOfThisProcess() - before, vectors };
  } finally {
    await service.stop();
  }
}

describe.runIf(process.platform === 'linux')('inference runtime options', () => {
  it('runs with as many intra-op threads as configured, and the same embeddings either way', async () => {
    // The first model loaded in a process also starts threads that stay: measured after it.
    const one = await threadsAdded(1);
    const two = await threadsAdded(2);
    const four = await threadsAdded(4);
    // onnxruntime's intra-op pool has threads - 1 threads of its own (the caller is the first).
    expect(four.added - two.added).toBe(2);
    four.vectors.forEach((vector, i) => {
      const other = one.vectors[i] as Float32Array;
      vector.forEach((x, j) => expect(Math.abs(x - (other[j] as number))).toBeLessThan(1e-4));
    });
  });
});
