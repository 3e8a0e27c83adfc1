/**
 * Main-thread side of a model worker, with dynamic batching: items from any number of callers are gathered
 * while the worker is busy, or for `maxWaitMs` when it is idle, up to `maxBatch` items per inference call,
 * and each caller gets its own results back. One service per model folder and task is shared by all
 * processors that use it.
 *
 * With `maxWaitMs` 0 (the default) an idle worker gets items at once. The pipeline runs one batch through
 * the processors at a time, so a wait was paid by every pipeline batch with nobody else to batch with:
 * with 20 ms, tickets appended one by one at 45/s waited 177 ms (p50), at 9/s 33 ms.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CloseRequest, TaskName, TaskResponse, TaskTypes } from './tasks.js';
import { SidecarError } from '../../agent/errors.js';
import { SIDECAR_RUNTIME, type OnnxRuntimeOptions } from '../session-options.js';

/** How long a stopping worker may take to finish its inference call and release its model. */
export const STOP_GRACE_MS = 10_000;

export interface BatchingOptions {
  readonly maxBatch: number;
  readonly maxWaitMs: number;
  /** How the worker's onnxruntime uses the CPU (default: SIDECAR_RUNTIME). */
  readonly runtime?: OnnxRuntimeOptions;
}

interface Pending<I, O> {
  items: I[];
  resolve(results: O[]): void;
  reject(error: Error): void;
}

/** The compiled worker: next to this module in dist/, or dist/ of the package when running from sources. */
function workerFile(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const beside = path.join(here, 'model-worker.js');
  if (existsSync(beside)) return beside;
  const built = path.resolve(here, '../../dist/models/inference/model-worker.js');
  if (existsSync(built)) return built;
  throw new SidecarError('WORKER_NOT_BUILT', `model worker not built (${built}): run "npm run build"`);
}

export class InferenceService<I, O> {
  private queue: Pending<I, O>[] = [];
  private queuedItems = 0;
  private timer: NodeJS.Timeout | undefined;
  private nextId = 1;
  private readonly inFlight = new Map<number, Pending<I, O>[]>();
  private busy = false;
  private stopped = false;
  private readonly exited: Promise<void>;
  /** Set when the worker thread has ended. */
  private ended: Error | undefined;
  /** Inference calls made and items sent, for tests and metrics. */
  readonly stats = { calls: 0, items: 0 };

  private constructor(
    private readonly worker: Worker,
    private readonly options: BatchingOptions,
  ) {
    worker.on('message', (message: TaskResponse) => this.answer(message));
    worker.on('error', (error) => this.failAll(error));
    this.exited = new Promise((resolve) => {
      worker.once('exit', (code) => {
        // A worker that ends by itself (not stopped) must not leave its callers, or later ones, waiting.
        this.ended = new Error(`model worker exited (code ${code})`);
        if (!this.stopped) this.failAll(this.ended);
        resolve();
      });
    });
  }

  static async start<T extends TaskName>(task: T, folder: string, options: BatchingOptions): Promise<InferenceService<TaskTypes[T]['item'], TaskTypes[T]['result']>> {
    const worker = new Worker(workerFile(), { workerData: { task, folder, runtime: options.runtime ?? SIDECAR_RUNTIME } });
    await new Promise<void>((resolve, reject) => {
      worker.once('message', (message: { ready: boolean; error?: string }) => (message.ready ? resolve() : reject(new Error(message.error))));
      worker.once('error', reject);
    }).catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    });
    return new InferenceService(worker, options);
  }

  /** Results for `items` (one per item, in order), batched with other callers' items. */
  run(items: I[]): Promise<O[]> {
    if (this.stopped) return Promise.reject(new Error('inference service stopped'));
    if (this.ended) return Promise.reject(this.ended);
    if (items.length === 0) return Promise.resolve([]);
    if (items.length > this.options.maxBatch) {
      // A pipeline batch can hold hundreds of tickets: one inference call for all of them would hold the
      // worker for seconds (and other callers with it), so it is cut into batches of maxBatch.
      const chunks: Promise<O[]>[] = [];
      for (let i = 0; i < items.length; i += this.options.maxBatch) chunks.push(this.run(items.slice(i, i + this.options.maxBatch)));
      return Promise.all(chunks).then((parts) => parts.flat());
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      this.queuedItems += items.length;
      if (this.queuedItems >= this.options.maxBatch || this.options.maxWaitMs === 0) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.maxWaitMs);
    });
  }

  /**
   * Stops the worker. Callers still queued get an error; a call already in the worker finishes first, since
   * ending a worker thread in the middle of an onnxruntime run aborted the whole process ("terminate called
   * after throwing an instance of 'Napi::Error'"). A worker that does not exit within STOP_GRACE_MS is
   * ended anyway.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    this.failQueued(new Error('inference service stopped'));
    this.worker.postMessage({ close: true } satisfies CloseRequest);
    const grace = setTimeout(() => void this.worker.terminate(), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(grace);
    this.failAll(new Error('inference service stopped'));
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.busy || this.queue.length === 0) return;
    // Take whole requests up to maxBatch items.
    const batch: Pending<I, O>[] = [];
    let count = 0;
    while (this.queue.length > 0 && (batch.length === 0 || count + (this.queue[0] as Pending<I, O>).items.length <= this.options.maxBatch)) {
      const next = this.queue.shift() as Pending<I, O>;
      batch.push(next);
      count += next.items.length;
    }
    this.queuedItems -= count;
    const id = this.nextId++;
    this.inFlight.set(id, batch);
    this.busy = true;
    this.stats.calls++;
    this.stats.items += count;
    this.worker.postMessage({ id, items: batch.flatMap((p) => p.items) });
  }

  private answer(message: TaskResponse): void {
    const batch = this.inFlight.get(message.id);
    if (!batch) return;
    this.inFlight.delete(message.id);
    this.busy = false;
    if ('error' in message) {
      for (const pending of batch) pending.reject(new Error(message.error));
    } else {
      let offset = 0;
      for (const pending of batch) {
        pending.resolve(message.results.slice(offset, offset + pending.items.length) as O[]);
        offset += pending.items.length;
      }
    }
    if (this.queue.length > 0) this.flush();
  }

  private failAll(error: Error): void {
    for (const batch of this.inFlight.values()) for (const pending of batch) pending.reject(error);
    this.inFlight.clear();
    this.busy = false;
    this.failQueued(error);
  }

  private failQueued(error: Error): void {
    for (const pending of this.queue) pending.reject(error);
    this.queue = [];
    this.queuedItems = 0;
  }
}

export type EmbeddingService = InferenceService<string, Float32Array>;
