/** Sentence embeddings (mean pooling, unit length) from a local model folder with transformers.js. */
import { pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { useLocalModel } from './local-model.js';

export interface Embedder {
  /** Unit-length embeddings, one per text. */
  embed(texts: string[]): Promise<Float32Array[]>;
  readonly dimensions: number;
  dispose(): Promise<void>;
}

export async function loadEmbedder(folder: string): Promise<Embedder> {
  const model = useLocalModel(folder);
  const extractor: FeatureExtractionPipeline = await pipeline('feature-extraction', model.id, { dtype: model.dtype });
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
