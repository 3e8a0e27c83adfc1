/**
 * One embedding worker per model folder, shared by every processor that uses the model (the tagger and the
 * summarizer load it once), stopped when the last user releases it. The batching options of the first user
 * apply to all.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { MissingModelError } from '../missing-model.js';
import { EmbeddingService, type BatchingOptions } from './embedding-service.js';

const services = new Map<string, { service: Promise<EmbeddingService>; users: number }>();

export interface SharedService {
  readonly service: EmbeddingService;
  release(): Promise<void>;
}

export async function acquireEmbeddingService(folder: string, options: BatchingOptions): Promise<SharedService> {
  const key = path.resolve(folder);
  if (!existsSync(path.join(key, 'config.json'))) {
    throw new MissingModelError(`model folder ${key} is missing or incomplete: run "npm run models" to provision the models`);
  }
  let entry = services.get(key);
  if (!entry) {
    entry = { service: EmbeddingService.start(key, options), users: 0 };
    services.set(key, entry);
  }
  entry.users++;
  const current = entry;
  let service: EmbeddingService;
  try {
    service = await current.service;
  } catch (error) {
    services.delete(key);
    throw error;
  }
  let released = false;
  return {
    service,
    release: async () => {
      if (released) return;
      released = true;
      if (--current.users === 0) {
        services.delete(key);
        await service.stop();
      }
    },
  };
}
