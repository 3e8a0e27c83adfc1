/** Worker thread that fits isolation forests, so training never blocks the agent's event loop. */
import { parentPort } from 'node:worker_threads';
import { fitForest, type ForestOptions } from './fit-forest.js';
import type { ForestModel } from './forest-model.js';

export interface TrainRequest {
  id: number;
  data: Float64Array;
  rows: number;
  features: number;
  options: ForestOptions;
}

export type TrainResponse = { id: number; model: ForestModel; rows?: Float64Array } | { id: number; error: string };

const port = parentPort;
port?.on('message', (request: TrainRequest) => {
  try {
    const model = fitForest(request.data, request.rows, request.features, request.options);
    const buffers = [model.roots, model.feature, model.threshold, model.left, model.right, model.leafPath].map((a) => a.buffer as ArrayBuffer);
    // The training rows go back too (the main thread drops them): an idle worker collects its heap rarely,
    // and each fit's rows would otherwise stay allocated here until it does.
    port.postMessage({ id: request.id, model, rows: request.data } satisfies TrainResponse, [...buffers, request.data.buffer as ArrayBuffer]);
  } catch (error) {
    port.postMessage({ id: request.id, error: (error as Error).message } satisfies TrainResponse);
  }
});
