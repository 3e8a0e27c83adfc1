/**
 * Worker thread that owns one embedding model: inference never runs on the agent's event loop. Requests are
 * batches of texts; answers carry one Float32Array per text, transferred rather than copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadEmbedder } from '../embedder.js';

export interface EmbedRequest {
  id: number;
  texts: string[];
}
export type EmbedResponse = { id: number; vectors: Float32Array[] } | { id: number; error: string };

const port = parentPort;
if (port) {
  const ready = loadEmbedder((workerData as { folder: string }).folder);
  ready.then(
    () => port.postMessage({ ready: true }),
    (error: unknown) => port.postMessage({ ready: false, error: (error as Error).message }),
  );
  port.on('message', (request: EmbedRequest) => {
    ready
      .then((embedder) => embedder.embed(request.texts))
      .then(
        (vectors) => port.postMessage({ id: request.id, vectors } satisfies EmbedResponse, vectors.map((v) => v.buffer as ArrayBuffer)),
        (error: unknown) => port.postMessage({ id: request.id, error: (error as Error).message } satisfies EmbedResponse),
      );
  });
}
