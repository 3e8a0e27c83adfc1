/**
 * One model worker per model folder and task, shared by every processor that uses it (the tagger and the
 * summarizer load the embedding model once), stopped when the last user releases it. The batching and
 * runtime options of the first user apply to all.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { MissingModelError } from '../missing-model.js';
import { InferenceService, type BatchingOptions } from './inference-service.js';
import type { TaskName, TaskTypes } from './tasks.js';

type AnyService = InferenceService<unknown, unknown>;
const services = new Map<string, { service: Promise<AnyService>; users: number }>();

export interface SharedService<T extends TaskName> {
  readonly service: InferenceService<TaskTypes[T]['item'], TaskTypes[T]['result']>;
  release(): Promise<void>;
}

export async function acquireService<T extends TaskName>(task: T, folder: string, options: BatchingOptions): Promise<SharedService<T>> {
  const absolute = path.resolve(folder);
  if (!existsSync(path.join(absolute, 'config.json'))) {
    throw new MissingModelError(`model folder ${absolute} is missing or incomplete: run "npm run models" to provision the models`);
  }
  const key = `${task}:${absolute}`;
  let entry = services.get(key);
  if (!entry) {
    entry = { service: InferenceService.start(task, absolute, options) as Promise<AnyService>, users: 0 };
    services.set(key, entry);
  }
  entry.users++;
  const current = entry;
  let service: AnyService;
  try {
    service = await current.service;
  } catch (error) {
    services.delete(key);
    throw error;
  }
  let released = false;
  return {
    service: service as SharedService<T>['service'],
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

export function acquireEmbeddingService(folder: string, options: BatchingOptions): Promise<SharedService<'embed'>> {
  return acquireService('embed', folder, options);
}
