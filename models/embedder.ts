/**
 * Sentence embeddings from a local model folder with transformers.js. Remote loading is switched off: a
 * sidecar never reaches a model hub, and a missing folder is a clear error that says how to provision it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { MissingModelError } from './missing-model.js';

export interface Embedder {
  /** Unit-length embeddings, one per text. */
  embed(texts: string[]): Promise<Float32Array[]>;
  readonly dimensions: number;
  dispose(): Promise<void>;
}

export async function loadEmbedder(folder: string): Promise<Embedder> {
  const absolute = path.resolve(folder);
  if (!existsSync(path.join(absolute, 'config.json')) || !existsSync(path.join(absolute, 'tokenizer.json'))) {
    throw new MissingModelError(`model folder ${absolute} is missing or incomplete: run "npm run models" to provision the models`);
  }
  // transformers.js settings are process-wide: load one folder at a time (each embedding worker owns one).
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${path.dirname(absolute)}${path.sep}`;
  const quantized = existsSync(path.join(absolute, 'onnx', 'model_quantized.onnx'));
  const extractor: FeatureExtractionPipeline = await pipeline('feature-extraction', path.basename(absolute), { dtype: quantized ? 'q8' : 'fp32' });
  let dimensions = 0;
  return {
    get dimensions() {
      return dimensions;
    },
    async embed(texts: string[]): Promise<Float32Array[]> {
      if (texts.length === 0) return [];
      const output = await extractor(texts, { pooling: 'mean', normalize: true });
      const [rows, width] = output.dims as [number, number];
      dimensions = width;
      const data = output.data as Float32Array;
      return Array.from({ length: rows }, (_, i) => data.slice(i * width, (i + 1) * width));
    },
    dispose: () => extractor.dispose(),
  };
}
