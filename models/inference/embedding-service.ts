/**
 * Main-thread side of the embedding worker, with dynamic batching: texts from any number of callers are
 * gathered until `maxBatch` texts or `maxWaitMs` passed, sent as one inference call, and each caller gets
 * its own vectors back. One service per model folder is shared by all processors that use it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EmbedResponse } from './embedding-worker.js';

export interface BatchingOptions {
  readonly maxBatch: number;
  readonly maxWaitMs: number;
}

interface Pending {
  texts: string[];
  resolve(vectors: Float32Array[]): void;
  reject(error: Error): void;
}

/** The compiled worker: next to this module in dist/, or dist/ of the package when running from sources. */
function workerFile(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const beside = path.join(here, 'embedding-worker.js');
  if (existsSync(beside)) return beside;
  const built = path.resolve(here, '../../dist/models/inference/embedding-worker.js');
  if (existsSync(built)) return built;
  throw new Error(`embedding worker not built (${built}): run "npm run build"`);
}

export class EmbeddingService {
  private queue: Pending[] = [];
  private queuedTexts = 0;
  private timer: NodeJS.Timeout | undefined;
  private nextId = 1;
  private readonly inFlight = new Map<number, Pending[]>();
  private busy = false;
  /** Inference calls made and texts embedded, for tests and metrics. */
  readonly stats = { calls: 0, texts: 0 };

  private constructor(
    private readonly worker: Worker,
    private readonly options: BatchingOptions,
  ) {
    worker.on('message', (message: EmbedResponse) => this.answer(message));
    worker.on('error', (error) => this.failAll(error));
  }

  static async start(folder: string, options: BatchingOptions): Promise<EmbeddingService> {
    const worker = new Worker(workerFile(), { workerData: { folder } });
    await new Promise<void>((resolve, reject) => {
      worker.once('message', (message: { ready: boolean; error?: string }) => (message.ready ? resolve() : reject(new Error(message.error))));
      worker.once('error', reject);
    }).catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    });
    return new EmbeddingService(worker, options);
  }

  /** Embeddings for `texts`, batched with other callers' texts. */
  embed(texts: string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return Promise.resolve([]);
    if (texts.length > this.options.maxBatch) {
      // A pipeline batch can hold hundreds of tickets: one inference call for all of them would pad every
      // text to the longest one and hold the worker for seconds, so it is cut into batches of maxBatch.
      const chunks: Promise<Float32Array[]>[] = [];
      for (let i = 0; i < texts.length; i += this.options.maxBatch) chunks.push(this.embed(texts.slice(i, i + this.options.maxBatch)));
      return Promise.all(chunks).then((parts) => parts.flat());
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ texts, resolve, reject });
      this.queuedTexts += texts.length;
      if (this.queuedTexts >= this.options.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.maxWaitMs);
    });
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.failAll(new Error('embedding service stopped'));
    await this.worker.terminate();
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.busy || this.queue.length === 0) return;
    // Take whole requests up to maxBatch texts.
    const batch: Pending[] = [];
    let count = 0;
    while (this.queue.length > 0 && (batch.length === 0 || count + (this.queue[0] as Pending).texts.length <= this.options.maxBatch)) {
      const next = this.queue.shift() as Pending;
      batch.push(next);
      count += next.texts.length;
    }
    this.queuedTexts -= count;
    const id = this.nextId++;
    this.inFlight.set(id, batch);
    this.busy = true;
    this.stats.calls++;
    this.stats.texts += count;
    this.worker.postMessage({ id, texts: batch.flatMap((p) => p.texts) });
  }

  private answer(message: EmbedResponse): void {
    const batch = this.inFlight.get(message.id);
    if (!batch) return;
    this.inFlight.delete(message.id);
    this.busy = false;
    if ('error' in message) {
      for (const pending of batch) pending.reject(new Error(message.error));
    } else {
      let offset = 0;
      for (const pending of batch) {
        pending.resolve(message.vectors.slice(offset, offset + pending.texts.length));
        offset += pending.texts.length;
      }
    }
    if (this.queue.length > 0) this.flush();
  }

  private failAll(error: Error): void {
    for (const batch of this.inFlight.values()) for (const pending of batch) pending.reject(error);
    this.inFlight.clear();
    for (const pending of this.queue) pending.reject(error);
    this.queue = [];
    this.queuedTexts = 0;
    this.busy = false;
  }
}
