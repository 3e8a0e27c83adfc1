/**
 * A processor backed by a model worker (ticket_tagger, ticket_summarizer): it reads the text of each event
 * from one or more fields, runs one inference call per pipeline batch and model within the timeout, writes
 * each result to its event with the model's version, applies the on_failure policy when inference fails,
 * and releases the shared model workers on close. With a `canary` or `shadow` candidate, the shared roll-out
 * (model-rollout/) decides which model serves each event and compares the two. A processor supplies only its
 * ModelTask and what its outcomes mean.
 */
import path from 'node:path';
import { addTag, getField, setField, type ComponentContext, type LogEvent, type Processor } from '../agent/kit.js';
import { acquireService, type SharedService } from '../models/inference/shared-services.js';
import type { TaskName } from '../models/inference/tasks.js';
import { candidateOf, type GuardSettings } from './model-rollout/config.js';
import { folderIdentity, type ModelIdentity } from './model-rollout/model-identity.js';
import { ModelRollout, type ModelRunner, type OutcomeProfile, type Role } from './model-rollout/model-rollout.js';

/**
 * What a model processor does with a pipeline batch: infer on the texts, turn each result into the outcome
 * written to its event (and compared between two models), and write it: as the event's own result, or, for a
 * shadow candidate, beside it.
 */
export interface ModelTask<R, O> {
  /** `events[i]` is the event `texts[i]` came from, for a task that reads more of it (the summarizer: the subject). */
  infer(texts: string[], events?: readonly LogEvent[]): Promise<R[]>;
  outcome(text: string, result: R): O;
  write(event: LogEvent, outcome: O, shadow: boolean): void;
}

interface ModelFolder {
  readonly path: string;
}

/** The config fields the helper reads (modelProcessorFields and rolloutFields in their config modules). */
interface ModelProcessorSettings {
  readonly field: string | string[];
  readonly batch: { max_size: number; max_wait: number };
  readonly inference: { threads: number; spin: boolean };
  readonly timeout: number;
  readonly on_failure: 'tag' | 'drop';
  readonly canary?: { model: ModelFolder; share: number; key: string } | undefined;
  readonly shadow?: { model: ModelFolder } | undefined;
  readonly guard: GuardSettings;
}

export interface ModelProcessorSpec<T extends TaskName, O> {
  /** The processor type, which also names its failure tag (`<type>_failure`). */
  readonly type: string;
  /** Where the versions go: `<namespace>.model_version`, and the shadow's results under `<namespace>.shadow`. */
  readonly namespace: string;
  readonly settings: ModelProcessorSettings;
  readonly task: T;
  /** The current model's folder (relative paths: against the config file). */
  readonly folder: string;
  readonly profile: OutcomeProfile<O>;
  readonly context: ComponentContext;
}

interface LoadedModel<R, O> {
  readonly identity: ModelIdentity;
  readonly task: ModelTask<R, O>;
  release(): Promise<void>;
}

/**
 * Builds the processor: `build` makes a ModelTask from the model worker running `spec.task` for a model
 * folder, once for the current model and once for a candidate. Workers are released on close, or at once if
 * building fails.
 */
export async function createModelProcessor<T extends TaskName, R, O>(spec: ModelProcessorSpec<T, O>, build: (service: SharedService<T>['service']) => ModelTask<R, O> | Promise<ModelTask<R, O>>): Promise<Processor> {
  const { settings, context } = spec;
  const candidate = candidateOf(settings);
  const loaded: LoadedModel<R, O>[] = [];
  try {
    const current = await loadModel(spec, spec.folder, build);
    loaded.push(current);
    const next = candidate === undefined ? undefined : await loadModel(spec, candidate.model.path, build);
    if (next !== undefined) loaded.push(next);
    const rollout = await ModelRollout.open<O>({
      processor: context.id,
      type: spec.type,
      namespace: spec.namespace,
      current: { identity: current.identity },
      candidate: candidate === undefined || next === undefined ? undefined : { identity: next.identity, mode: candidate.mode, share: candidate.share, key: candidate.key },
      guard: settings.guard,
      profile: spec.profile,
      stateDir: context.stateDir,
      logger: context.logger,
      metrics: context.metrics,
    });
    const tasks = { current: current.task, candidate: next?.task };
    return {
      process: (events) => inferForEvents(events, spec, rollout, tasks),
      close: async () => {
        rollout.close();
        await Promise.all(loaded.map((m) => m.release()));
      },
      models: rollout,
    };
  } catch (error) {
    await Promise.all(loaded.map((m) => m.release()));
    throw error;
  }
}

async function loadModel<T extends TaskName, R, O>(spec: ModelProcessorSpec<T, O>, folder: string, build: (service: SharedService<T>['service']) => ModelTask<R, O> | Promise<ModelTask<R, O>>): Promise<LoadedModel<R, O>> {
  const absolute = path.resolve(spec.context.configDir, folder);
  const { batch, inference } = spec.settings;
  const shared = await acquireService(spec.task, absolute, { maxBatch: batch.max_size, maxWaitMs: batch.max_wait, runtime: inference });
  try {
    return { identity: await folderIdentity(absolute), task: await build(shared.service), release: shared.release };
  } catch (error) {
    await shared.release();
    throw error;
  }
}

/**
 * Takes the text of each event that has one, lets the roll-out run the models on them (each call within the
 * timeout) and writes each event's outcome and model version; where the serving model failed or timed out,
 * the on_failure policy applies to those events. Events without text pass through untouched.
 */
async function inferForEvents<T extends TaskName, R, O>(
  events: LogEvent[],
  spec: ModelProcessorSpec<T, O>,
  rollout: ModelRollout<O>,
  tasks: { current: ModelTask<R, O>; candidate: ModelTask<R, O> | undefined },
): Promise<LogEvent[]> {
  const { settings } = spec;
  const withText: LogEvent[] = [];
  const texts: string[] = [];
  for (const event of events) {
    const text = textFrom(event, settings.field);
    if (text === undefined) continue;
    withText.push(event);
    texts.push(text);
  }
  if (withText.length === 0) return events;
  const runner =
    (task: ModelTask<R, O>): ModelRunner<O> =>
    async (indices) => {
      const chosen = indices.map((i) => texts[i] as string);
      const results = await rejectOnTimeout(
        task.infer(
          chosen,
          indices.map((i) => withText[i] as LogEvent),
        ),
        settings.timeout,
      );
      return chosen.map((text, k) => task.outcome(text, results[k] as R));
    };
  const batch = await rollout.run(withText, runner(tasks.current), tasks.candidate && runner(tasks.candidate));
  const failed = new Set<LogEvent>();
  let reason = '';
  withText.forEach((event, i) => {
    const result = batch.served[i];
    const role = batch.servedBy[i] as Role;
    if (result instanceof Error) {
      failed.add(event);
      reason = result.message;
    } else if (result !== undefined) {
      (tasks[role] as ModelTask<R, O>).write(event, result, false);
      rollout.stamp(event, role);
    }
    const shadow = batch.shadow?.[i];
    if (shadow === undefined) return;
    rollout.stamp(event, 'candidate', true);
    if (shadow instanceof Error) setField(event, `${spec.namespace}.shadow.error`, shadow.message);
    else tasks.candidate?.write(event, shadow, true);
  });
  return failed.size === 0 ? events : applyFailure(events, failed, settings.on_failure, spec.type, reason);
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
