/**
 * A processor backed by a model worker (ticket_tagger, ticket_summarizer): it reads the text of each event
 * from one or more fields, runs one inference call per pipeline batch within the timeout, writes each
 * result to its event, applies the on_failure policy when inference fails, and releases the shared model
 * worker on close. A processor supplies only its ModelTask.
 */
import path from 'node:path';
import { addTag, getField, setField, type LogEvent, type Processor } from '../agent/kit.js';
import { acquireService, type SharedService } from '../models/inference/shared-services.js';
import type { TaskName } from '../models/inference/tasks.js';

/** What a model processor does with a pipeline batch: infer on the texts, then write each result to its event. */
export interface ModelTask<R> {
  infer(texts: string[]): Promise<R[]>;
  apply(event: LogEvent, text: string, result: R): void;
}

/** The config fields the helper reads (modelProcessorFields in model-processor-config.ts). */
interface ModelProcessorSettings {
  readonly field: string | string[];
  readonly batch: { max_size: number; max_wait: number };
  readonly inference: { threads: number; spin: boolean };
  readonly timeout: number;
  readonly on_failure: 'tag' | 'drop';
}

/**
 * The processor `name` (which also names its failure tag, `<name>_failure`): `build` makes its task from the
 * model worker running `model.task` for `model.folder` (relative paths: against the config file). The
 * worker is released on close, or at once if building fails.
 */
export async function createModelProcessor<T extends TaskName, R>(
  name: string,
  settings: ModelProcessorSettings,
  model: { task: T; folder: string; configDir: string },
  build: (service: SharedService<T>['service']) => ModelTask<R> | Promise<ModelTask<R>>,
): Promise<Processor> {
  const shared = await acquireService(model.task, path.resolve(model.configDir, model.folder), {
    maxBatch: settings.batch.max_size,
    maxWaitMs: settings.batch.max_wait,
    runtime: settings.inference,
  });
  let task: ModelTask<R>;
  try {
    task = await build(shared.service);
  } catch (error) {
    await shared.release();
    throw error;
  }
  return {
    process: (events) => inferForEvents(events, settings, name, task),
    close: shared.release,
  };
}

/**
 * Takes the text of each event that has one, runs `task.infer` on all of them at once within the timeout,
 * and applies each result to its event; when inference fails or times out, the on_failure policy applies
 * to those events. Events without text pass through untouched.
 */
async function inferForEvents<R>(events: LogEvent[], settings: ModelProcessorSettings, name: string, task: ModelTask<R>): Promise<LogEvent[]> {
  const withText: { event: LogEvent; text: string }[] = [];
  for (const event of events) {
    const text = textFrom(event, settings.field);
    if (text !== undefined) withText.push({ event, text });
  }
  if (withText.length === 0) return events;
  let results: R[];
  try {
    results = await rejectOnTimeout(task.infer(withText.map((t) => t.text)), settings.timeout);
  } catch (error) {
    return applyFailure(events, new Set(withText.map((t) => t.event)), settings.on_failure, name, (error as Error).message);
  }
  withText.forEach(({ event, text }, i) => task.apply(event, text, results[i] as R));
  return events;
}

/** The non-empty string values of `fields`, joined by line breaks; undefined when there are none. */
function textFrom(event: LogEvent, field: string | string[]): string | undefined {
  const fields = Array.isArray(field) ? field : [field];
  const parts = fields.map((f) => getField(event, f)).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  return parts.length === 0 ? undefined : parts.join('\n');
}

/** Settles as `inference` does, or rejects ("inference took longer than <ms> ms") once `ms` have passed. */
function rejectOnTimeout<T>(inference: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    inference,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`inference took longer than ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** on_failure: `tag` marks the affected events (tag + error.message) and keeps them; `drop` removes them. */
function applyFailure(events: LogEvent[], affected: Set<LogEvent>, policy: 'tag' | 'drop', name: string, reason: string): LogEvent[] {
  if (policy === 'drop') return events.filter((e) => !affected.has(e));
  for (const event of affected) {
    addTag(event, `${name}_failure`);
    setField(event, 'error.message', `${name}: ${reason}`);
  }
  return events;
}
