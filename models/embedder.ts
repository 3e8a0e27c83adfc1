/** Sentence embeddings (mean pooling, unit length) from a local model folder with transformers.js. */
import { pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { useLocalModel } from './local-model.js';
import { SIDECAR_RUNTIME, sessionOptions, type OnnxRuntimeOptions } from './session-options.js';
import { meanPooledDirection } from './vectors.js';

export interface Embedder {
  /** Unit-length embeddings, one per text. */
  embed(texts: string[]): Promise<Float32Array[]>;
  readonly dimensions: number;
  dispose(): Promise<void>;
}

/**
 * Embeds `texts` with one inference run per text, not one run per batch. Two reasons, both measured with
 * all-MiniLM-L6-v2 (int8) on tickets and their sentences (bench:tickets):
 * - a batched run pads every text to the longest one, and int8 models quantize activations with one scale
 *   for the whole batch, so a text's embedding depended on its neighbours (cosine down to 0.989 between the
 *   same ticket alone and in a batch of 32): the same ticket could get other tags in another batch. Alone,
 *   a text always gets the same vector.
 * - it is faster here: 150–170 tickets/s one at a time against 80–100 in batches of 32 (padding, and large
 *   batches run slower per text even sorted by length); for short sentences 370–410/s against 270–310/s.
 * Batching across events still matters, one step up: the inference worker gets many texts per message.
 */
export async function loadEmbedder(folder: string, runtime: OnnxRuntimeOptions = SIDECAR_RUNTIME): Promise<Embedder> {
  const model = useLocalModel(folder);
  const extractor: FeatureExtractionPipeline = await pipeline('feature-extraction', model.id, { dtype: model.dtype, session_options: sessionOptions(runtime) });
  let dimensions = 0;
  return {
    get dimensions() {
      return dimensions;
    },
    async embed(texts: string[]): Promise<Float32Array[]> {
      const vectors: Float32Array[] = [];
      for (const text of texts) {
        // Pooled here: transformers.js's mean pooling reads the (BigInt) attention mask once per token and
        // dimension, 0.4 ms per ticket, 7-14 % of the inference time. A text run alone has no padding, so
        // the plain mean of its token states is the same vector (to 4e-8).
        const output = await extractor(text, { pooling: 'none' });
        const [, tokens, width] = output.dims as [number, number, number];
        dimensions = width;
        vectors.push(meanPooledDirection(output.data as Float32Array, tokens, width));
      }
      return vectors;
    },
    dispose: () => extractor.dispose(),
  };
}
