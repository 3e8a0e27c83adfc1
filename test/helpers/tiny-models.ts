/**
 * Tiny self-built ONNX models (scripts/python/tiny_models.py) that exercise the NLI zero-shot and seq2seq
 * summarization code paths without real weights; built once per version of the script, under .cache/.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MODEL_CATALOG } from '../../models/catalog.js';
import { provisionModel } from '../../models/provision.js';
import { runPython } from '../../scripts/python/env.js';

const root = path.resolve(import.meta.dirname, '../..');

export interface TinyModels {
  /** Sequence-pair classifier in MNLI layout: "charged"/"bill" words entail billing, "parcel"/"delivery" shipping. */
  nli: string;
  /** T5-layout encoder-decoder that copies its input, token by token. */
  copyT5: string;
}

export async function tinyModels(): Promise<TinyModels> {
  const script = path.join(root, 'scripts', 'python', 'tiny_models.py');
  const digest = createHash('sha256').update(await readFile(script)).digest('hex').slice(0, 16);
  const dir = path.join(root, '.cache', 'tiny-models', digest);
  const done = path.join(dir, '.built');
  if (!existsSync(done)) {
    // The tokenizer comes from the real model (the same BERT vocabulary).
    const { folder } = await provisionModel(MODEL_CATALOG[0] as (typeof MODEL_CATALOG)[number], path.join(root, 'models'), path.join(root, '.cache', 'models'));
    await rm(dir, { recursive: true, force: true });
    await runPython('tiny_models.py', [folder, dir]);
    await writeFile(done, '');
  }
  return { nli: path.join(dir, 'tiny-nli'), copyT5: path.join(dir, 'tiny-copy-t5') };
}
