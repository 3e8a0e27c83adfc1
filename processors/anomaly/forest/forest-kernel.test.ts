import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { assembledKernelModule, KERNEL_MODULE } from '../../../scripts/forest-kernel-assembly.js';
import { walkBatch } from '../../../bench/anomaly/scoring-variants.js';
import { completeForest } from './complete-trees.js';
import { fitForest } from './fit-forest.js';
import { forestKernel } from './forest-kernel.js';
import { scoreBatch } from './scoring.js';

const realInstance = WebAssembly.Instance;

describe('the forest kernel', () => {
  afterEach(() => {
    WebAssembly.Instance = realInstance;
  });

  it('is forest-kernel.wat assembled (npm run build:forest-kernel after editing it)', async () => {
    expect(await readFile(KERNEL_MODULE, 'utf8')).toBe(await assembledKernelModule());
  });

  it('leaves scoring to the node walk when the process is refused a WebAssembly memory (ulimit -v)', () => {
    WebAssembly.Instance = class {
      constructor() {
        throw new RangeError('WebAssembly.Instance(): could not allocate memory');
      }
    } as unknown as typeof WebAssembly.Instance;
    const rows = Float64Array.from({ length: 600 }, (_, i) => Math.sin(i) * 10);
    const model = fitForest(rows, 300, 2, { trees: 6, sampleSize: 64, seed: 3 });
    const layout = completeForest(model);
    if (layout === undefined) throw new Error('expected a complete layout');
    expect(forestKernel(layout)).toBeUndefined();
    const [scored, walked] = [new Float64Array(300), new Float64Array(300)];
    scoreBatch(model, rows, 300, scored);
    walkBatch(model, rows, 300, walked);
    expect(Array.from(scored)).toEqual(Array.from(walked));
  });
});
