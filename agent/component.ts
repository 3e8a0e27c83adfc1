/**
 * The contracts between the pipeline core and its components. The core only knows these interfaces; concrete
 * inputs, processors and outputs are found through the registry by their `type:`.
 */
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { z } from 'zod';
import type { LogEvent } from './event.js';

/**
 * A batch of events plus its completion handle. `delivered` is called exactly once, after every output
 * acknowledged the batch (or dead-lettered it); only then may an input move its checkpoint past these events.
 */
export interface Batch {
  readonly events: LogEvent[];
  delivered(): void;
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
  /** Counts events a component sent to its dead letters itself (for the run summary and metrics). */
  countDeadLettered(events: number): void;
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
  /** Resolves once the destination acknowledged every event; rejects to make the runtime retry. */
  write(events: readonly LogEvent[]): Promise<void>;
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
}

export interface CheckContext {
  /** Directory of the config file: relative paths are resolved against it. */
  readonly configDir: string;
}

export interface CheckProblem {
  readonly path: (string | number)[];
  readonly message: string;
}

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
