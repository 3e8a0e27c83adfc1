/**
 * Points transformers.js at one local model folder with remote loading switched off: a sidecar never
 * reaches a model hub at run time, and a missing folder is a clear error that says how to provision it.
 * transformers.js settings are process-wide: load one folder at a time (each inference worker owns one).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { env } from '@huggingface/transformers';
import { MissingModelError } from './missing-model.js';

export interface LocalModel {
  /** The name transformers.js resolves under env.localModelPath. */
  readonly id: string;
  /** int8 weights (`onnx/model_quantized.onnx`, or `*_quantized.onnx` for encoder-decoder models) when present. */
  readonly dtype: 'q8' | 'fp32';
}

export function useLocalModel(folder: string): LocalModel {
  const absolute = path.resolve(folder);
  if (!existsSync(path.join(absolute, 'config.json')) || !existsSync(path.join(absolute, 'tokenizer.json'))) {
    throw new MissingModelError(`model folder ${absolute} is missing or incomplete: run "npm run models" to provision the models`);
  }
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${path.dirname(absolute)}${path.sep}`;
  const quantized = ['model_quantized.onnx', 'encoder_model_quantized.onnx'].some((file) => existsSync(path.join(absolute, 'onnx', file)));
  return { id: path.basename(absolute), dtype: quantized ? 'q8' : 'fp32' };
}
