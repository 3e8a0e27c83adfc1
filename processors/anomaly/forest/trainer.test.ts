import { describe, expect, it } from 'vitest';
import { ForestTrainer } from './trainer.js';

describe('forest trainer', () => {
  it('refuses to fit on no rows with ANOMALY_NO_DATA, without starting the worker', async () => {
    const trainer = new ForestTrainer();
    await expect(trainer.train(new Float64Array(0), 0, 2, { trees: 10, sampleSize: 8, seed: 1 })).rejects.toMatchObject({
      code: 'ANOMALY_NO_DATA',
      message: 'cannot fit an isolation forest on no data',
    });
    await trainer.close();
  });

  it('fits in the worker', async () => {
    const trainer = new ForestTrainer();
    const model = await trainer.train(Float64Array.from([0, 0, 1, 1, 2, 2, 9, 9]), 4, 2, { trees: 3, sampleSize: 4, seed: 1 });
    expect(model.roots).toHaveLength(3);
    await trainer.close();
  });

  it('stops an idle worker, and starts another for the next fit', async () => {
    const trainer = new ForestTrainer(50);
    const data = () => Float64Array.from([0, 0, 1, 1, 2, 2, 9, 9]);
    await trainer.train(data(), 4, 2, { trees: 3, sampleSize: 4, seed: 1 });
    expect(trainer.running).toBe(true);
    const keepAlive = setInterval(() => undefined, 10);
    await new Promise((resolve) => setTimeout(resolve, 300));
    clearInterval(keepAlive);
    expect(trainer.running).toBe(false);
    const model = await trainer.train(data(), 4, 2, { trees: 3, sampleSize: 4, seed: 1 });
    expect(model.roots).toHaveLength(3);
    expect(trainer.running).toBe(true);
    await trainer.close();
  });
});
