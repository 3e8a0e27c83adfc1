/**
 * Main-thread side of the training worker: one worker per processor, one fit at a time. A worker idle for
 * `idleStopMs` is stopped: between refits minutes apart its V8 isolate would hold about 7 MiB for nothing,
 * and starting one again costs about 60 ms (bench/RESULTS.md, "Training workers stopped when idle").
 */
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

export const TRAINER_IDLE_STOP_MS = 30_000;

export class ForestTrainer {
  private worker: Worker | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(model: ForestModel): void; reject(error: Error): void }>();

  constructor(private readonly idleStopMs = TRAINER_IDLE_STOP_MS) {}

  /** Whether a worker thread is running now. */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Fits a forest on `rows` rows of `features` values; `data` is transferred to the worker. */
  train(data: Float64Array, rows: number, features: number, options: ForestOptions): Promise<ForestModel> {
    if (rows < 1) return Promise.reject(new SidecarError('ANOMALY_NO_DATA', NO_DATA));
    clearTimeout(this.idleTimer);
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, data, rows, features, options } satisfies TrainRequest, [data.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
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
      if (this.pending.size === 0) this.stopWhenIdle(worker);
    });
    worker.on('error', (error) => {
      this.worker = undefined;
      this.fail(error);
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private stopWhenIdle(worker: Worker): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.worker !== worker || this.pending.size > 0) return;
      this.worker = undefined;
      void worker.terminate();
    }, this.idleStopMs);
    this.idleTimer.unref();
  }

  private fail(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
