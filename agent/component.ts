/**
 * The contracts between the pipeline core and its components. The core only knows these interfaces; concrete
 * inputs, processors and outputs are found through the registry by their `type:`.
 */
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { z } from 'zod';
import type { LogEvent } from './event.js';
import type { MachineProblem } from '../config/component-schemas.js';

/**
 * A batch of events plus its completion handles. The pipeline settles every batch exactly once: `delivered`
 * after every output stored or dead-lettered it (only then may the input move its checkpoint or offset past
 * these events), or `failed` when it will not be delivered in this run (the agent or the input stops first,
 * the output is being replaced). A failed batch never moves a checkpoint: it is read again after a restart.
 */
export interface Batch {
  readonly events: LogEvent[];
  delivered(): void;
  failed(reason: Error): void;
}

/** Hands a batch to the pipeline; resolves once the pipeline accepted it (this is where backpressure bites). */
export type BatchSink = (batch: Batch) => Promise<void>;

/** What every component receives at construction. */
export interface ComponentContext {
  /** Stable id used for checkpoints, metrics and logs (`id:` in YAML, else `<kind>s[<index>]`). */
  readonly id: string;
  /** Where the component is in the YAML, e.g. `processors[1]`, for error messages. */
  readonly location: string;
  readonly logger: Logger;
  /** Absolute path of the agent's state directory (created before components are built). */
  readonly stateDir: string;
  /** Directory of the config file; relative paths in a component's config are resolved against it. */
  readonly configDir: string;
  /**
   * The component's dead letters (events an output refused for good, messages an input cannot ship whole).
   * A write retries until it succeeds or the agent is stopped, and counts the events once.
   */
  readonly deadLetters: DeadLetters;
  /** The agent's Prometheus registry, for a component's own metrics (label them with `component: id`). */
  readonly metrics: Registry;
}

export interface InputContext extends ComponentContext {
  /** True for `run --once`: read every source to its current end, then finish. */
  readonly once: boolean;
  /** Fields stamped on every event (`host.name`, `service.name`). */
  readonly stamp: EventStamp;
}

export interface EventStamp {
  readonly hostName: string;
  readonly serviceName: string | undefined;
}

export interface Input {
  /**
   * Reads until `signal` aborts (or, in once mode, until every source is read to its current end), handing
   * batches to `sink`. Resolves when reading has stopped.
   */
  run(sink: BatchSink, signal: AbortSignal): Promise<void>;
  /**
   * Captures the positions of everything delivered so far and returns a function that persists them. The
   * runtime calls it, flushes the outputs to stable storage, then persists: a checkpoint never runs ahead of
   * durable output.
   */
  snapshotCheckpoint(): () => Promise<void>;
  close(): Promise<void>;
}

export interface Processor {
  /**
   * Transforms events in place and returns the events that continue. Returning fewer events drops them on
   * purpose; the batch is still acknowledged, so the source moves on.
   */
  process(events: LogEvent[]): LogEvent[] | Promise<LogEvent[]>;
  close?(): Promise<void>;
  /**
   * A processor backed by models hands out their control: the core logs the versions it loaded and the API
   * shows, promotes and rolls back a candidate model, without knowing the processor.
   */
  readonly models?: ModelControl;
}

/** The models of one processor, and the roll-out of a candidate model (canary or shadow) beside the current one. */
export interface ModelControl {
  status(): ModelStatus;
  /** The candidate serves every event from now on (and after a restart, while the config names the same models). */
  promote(): Promise<ModelStatus>;
  /** The current model serves every event and the candidate is no longer run (kept across restarts likewise). */
  rollback(): Promise<ModelStatus>;
}

/**
 * `none`: no candidate configured; `canary`: a share of the events goes to the candidate; `shadow`: the
 * candidate runs beside the current model on every event; `promoted` / `rolled_back`: decided (by the API or,
 * for a roll-back, the guard).
 */
export type RolloutState = 'none' | 'canary' | 'shadow' | 'promoted' | 'rolled_back';

/** What one model did since the processor was built. Rates are null until there is something to divide by. */
export interface ModelFigures {
  /** `<name>@<content hash>`: what the events are stamped with (an online anomaly model adds its fit number). */
  readonly version: string;
  readonly role: 'current' | 'candidate';
  /** Events the model gave a result for (served or in the shadow). */
  readonly events: number;
  /** Events whose written result is this model's. */
  readonly served: number;
  /** Events the model failed on (errors and time-outs). */
  readonly errors: number;
  readonly error_rate: number | null;
  /** Share of results that are flagged (an anomaly, a ticket with a tag); null where flagging means nothing. */
  readonly flagged_rate: number | null;
  readonly mean_score: number | null;
  /** Mean wall time of one inference call (a pipeline batch's events for this model). */
  readonly mean_call_ms: number | null;
}

export interface ModelStatus {
  /** The processor's id. */
  readonly processor: string;
  readonly type: string;
  readonly state: RolloutState;
  /** The version that serves events outside a canary share. */
  readonly serving: string;
  readonly current: ModelFigures;
  readonly candidate?: ModelFigures & {
    readonly mode: 'canary' | 'shadow';
    /** Canary: the share of key values routed to the candidate, and the key field. */
    readonly share?: number;
    readonly key?: string;
  };
  /** The decision in force, kept in state_dir. */
  readonly decision?: { readonly state: 'promoted' | 'rolled_back'; readonly by: 'api' | 'guard'; readonly reason: string; readonly at: string };
  /** Events both models gave a result for: how often they agree, and how similar the results are (0–1). */
  readonly comparison?: { readonly compared: number; readonly agreed: number; readonly agreement: number | null; readonly mean_similarity: number | null };
  /** Canary: events without a usable key value, served by the current model. */
  readonly without_key?: number;
}

export interface DeadLetters {
  /** Where they are kept, for log messages. */
  readonly location: string;
  /** Resolves once the events are durably stored, and counts them; rejects only when the agent stops first. */
  write(events: readonly LogEvent[], reason: string): Promise<void>;
  /** Counts events the component dead-lettered somewhere else (an output's dead-letter index). */
  count(events: number): void;
}

/** What an output reports for one acknowledged write; events it did not dead-letter count as stored. */
export interface WriteReport {
  readonly deadLettered: number;
}

export interface Output {
  /**
   * How many batches may be written at once. 1 (the default) keeps batch order, as files need; an output
   * that batches and retries by itself (a bulk API) takes several and acknowledges them as they complete.
   */
  readonly concurrency?: number;
  /**
   * Pipeline batches this output needs in flight to keep busy (a bulk output: enough to fill all of its
   * concurrent requests). Unless configured, the pipeline's window is the largest need, and at least 4.
   */
  readonly preferredInFlightBatches?: number;
  /**
   * Resolves once the destination acknowledged every event (an output that dead-letters some of them itself
   * says how many); rejects to make the runtime retry, or with a non-retriable error to dead-letter the batch.
   */
  write(events: readonly LogEvent[]): Promise<void | WriteReport>;
  /** Makes acknowledged writes durable (fsync, flush buffers). Called before checkpoints are persisted. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

type Kind = 'input' | 'processor' | 'output';
type Instance<K extends Kind> = K extends 'input' ? Input : K extends 'processor' ? Processor : Output;
type Context<K extends Kind> = K extends 'input' ? InputContext : ComponentContext;

/** A component type: its name in YAML, its strict config schema, and how to build an instance. */
export interface ComponentDefinition<K extends Kind, S extends z.ZodType = z.ZodType> {
  readonly kind: K;
  readonly type: string;
  readonly summary: string;
  readonly config: S;
  create(config: z.output<S>, context: Context<K>): Instance<K> | Promise<Instance<K>>;
  /**
   * Checks beyond the schema that look at the machine (a model folder exists), run by `validate` and at
   * start-up; each problem's path is relative to the component's config.
   */
  check?(config: z.output<S>, context: CheckContext): CheckProblem[];
  /**
   * A digest of the files an instance reads when it is built (a training file the config names), or
   * undefined when it reads none: a reload rebuilds the component when the digest changed, though its
   * config did not.
   */
  contentDigest?(config: z.output<S>, context: CheckContext): Promise<string | undefined>;
}

export interface CheckContext {
  /** Directory of the config file: relative paths are resolved against it. */
  readonly configDir: string;
}

export type CheckProblem = MachineProblem;

export type InputDefinition<S extends z.ZodType = z.ZodType> = ComponentDefinition<'input', S>;
export type ProcessorDefinition<S extends z.ZodType = z.ZodType> = ComponentDefinition<'processor', S>;
export type OutputDefinition<S extends z.ZodType = z.ZodType> = ComponentDefinition<'output', S>;

export function defineInput<S extends z.ZodType>(def: Omit<InputDefinition<S>, 'kind'>): InputDefinition<S> {
  return { kind: 'input', ...def };
}
export function defineProcessor<S extends z.ZodType>(def: Omit<ProcessorDefinition<S>, 'kind'>): ProcessorDefinition<S> {
  return { kind: 'processor', ...def };
}
export function defineOutput<S extends z.ZodType>(def: Omit<OutputDefinition<S>, 'kind'>): OutputDefinition<S> {
  return { kind: 'output', ...def };
}
