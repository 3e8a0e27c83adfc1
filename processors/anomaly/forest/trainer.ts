/** Main-thread side of the training worker: one worker per processor, one fit at a time. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { NO_DATA, type ForestOptions } from './fit-forest.js';
import type { ForestModel } from './forest-model.js';
import type { TrainRequest, TrainResponse } from './train-worker.js';
import { SidecarError } from '../../../agent/kit.js';

/** The compiled worker: next to this module in dist/, or under dist/ when running from sources. */
function workerFile(): string {
  const beside = path.join(import.meta.dirname, 'train-worker.js');
  if (existsSync(beside)) return beside;
  const built = path.resolve(import.meta.dirname, '../../../dist/processors/anomaly/forest/train-worker.js');
  if (existsSync(built)) return built;
  throw new SidecarError('WORKER_NOT_BUILT', `training worker not built (${built}): run "npm run build"`);
}

export class ForestTrainer {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(model: ForestModel): void; reject(error: Error): void }>();

  /** Fits a forest on `rows` rows of `features` values; `data` is transferred to the worker. */
  train(data: Float64Array, rows: number, features: number, options: ForestOptions): Promise<ForestModel> {
    if (rows < 1) return Promise.reject(new SidecarError('ANOMALY_NO_DATA', NO_DATA));
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, data, rows, features, options } satisfies TrainRequest, [data.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.fail(new Error('training stopped'));
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(workerFile());
    worker.on('message', (message: TrainResponse) => {
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if ('error' in message) waiting?.reject(new Error(message.error));
      else waiting?.resolve(message.model);
    });
    worker.on('error', (error) => {
      this.worker = undefined;
      this.fail(error);
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private fail(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
