/**
 * Worker thread that owns one model and runs one task with it (embeddings, zero-shot classification or
 * summaries): inference never runs on the agent's event loop. Requests are batches of items; embedding
 * answers transfer their vectors rather than copy them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadEmbedder } from '../embedder.js';
import { loadSeq2SeqSummarizer, type SummarizeItem } from '../seq2seq-summarizer.js';
import { loadZeroShot, type ZeroShotItem } from '../zero-shot.js';
import type { OnnxRuntimeOptions } from '../session-options.js';
import type { CloseRequest, TaskName, TaskRequest, TaskResponse } from './tasks.js';

interface Runner {
  run(items: unknown[]): Promise<{ results: unknown[]; transfer: ArrayBuffer[] }>;
  dispose(): Promise<void>;
}

async function loadRunner(task: TaskName, folder: string, runtime: OnnxRuntimeOptions): Promise<Runner> {
  switch (task) {
    case 'embed': {
      const embedder = await loadEmbedder(folder, runtime);
      return {
        async run(items) {
          const vectors = await embedder.embed(items as string[]);
          return { results: vectors, transfer: vectors.map((v) => v.buffer as ArrayBuffer) };
        },
        dispose: () => embedder.dispose(),
      };
    }
    case 'zero-shot': {
      const classifier = await loadZeroShot(folder, runtime);
      return { run: async (items) => ({ results: await classifier.classify(items as ZeroShotItem[]), transfer: [] }), dispose: () => classifier.dispose() };
    }
    case 'summarize': {
      const summarizer = await loadSeq2SeqSummarizer(folder, runtime);
      return { run: async (items) => ({ results: await summarizer.summarize(items as SummarizeItem[]), transfer: [] }), dispose: () => summarizer.dispose() };
    }
  }
}

const port = parentPort;
if (port) {
  const { task, folder, runtime } = workerData as { task: TaskName; folder: string; runtime: OnnxRuntimeOptions };
  const ready = loadRunner(task, folder, runtime);
  ready.then(
    () => port.postMessage({ ready: true }),
    (error: unknown) => port.postMessage({ ready: false, error: (error as Error).message }),
  );
  // Calls run one after another; a close request waits for the call before it, so the model is never
  // released (nor the thread ended) in the middle of an inference run.
  let work: Promise<unknown> = ready;
  port.on('message', (request: TaskRequest | CloseRequest) => {
    if ('close' in request) {
      work = work
        .then(() => ready)
        .then((runner) => runner.dispose())
        .catch(() => undefined)
        .finally(() => port.close());
      return;
    }
    work = work
      .then(() => ready)
      .then((runner) => runner.run(request.items))
      .then(
        ({ results, transfer }) => port.postMessage({ id: request.id, results } satisfies TaskResponse, transfer),
        (error: unknown) => port.postMessage({ id: request.id, error: (error as Error).message } satisfies TaskResponse),
      );
  });
}
