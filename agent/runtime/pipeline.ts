/**
 * inputs → processors (in order) → fan-out to every output. Batches are processed one after another so the
 * event order of a source is kept; outputs write concurrently with the processing of the next batch. Each
 * batch settles exactly once: delivered when every output has it, failed when the agent stops first (logged
 * and counted). At most `maxInFlight` batches are between inputs and outputs: once that many are pending,
 * `sink` waits, and so do the inputs. A reload pauses the intake, waits until the pipeline is empty and
 * swaps processors and outputs between batches.
 */
import type { Logger } from 'pino';
import type { Batch, BatchSink } from '../component.js';
import { errorMessage, SidecarError } from '../errors.js';
import type { LogEvent } from '../event.js';
import { stampEcsVersion } from '../ecs.js';
import type { DeliveryMetrics } from './delivery-metrics.js';
import type { OutputStage } from './output-stage.js';
import type { ProcessorStage } from './processor-stage.js';
import { Semaphore } from './semaphore.js';
import { untilOrAborted } from './waiting.js';
import type { ComponentStats } from './stats.js';

export class Pipeline {
  private processing: Promise<unknown> = Promise.resolve();
  private slots: Semaphore;
  /** When each batch still in flight was accepted, in acceptance order (the first is the oldest). */
  private readonly accepted = new Map<number, number>();
  private sequence = 0;
  /** Set while the intake is paused (reload); resolved when it opens again. */
  private gate: { opened: Promise<void>; open: () => void } | undefined;

  constructor(
    private processors: readonly ProcessorStage[],
    private outputs: readonly OutputStage[],
    maxInFlight: number,
    private readonly stats: ComponentStats,
    private readonly metrics: DeliveryMetrics,
    private readonly logger: Logger,
  ) {
    this.slots = new Semaphore(maxInFlight);
  }

  /**
   * The sink handed to an input; `inputId` attributes counts. When `stopped` aborts while a batch waits to
   * enter (a full window, a paused intake), that batch fails at once, so a stopping input never hangs.
   */
  sinkFor(inputId: string, stopped: AbortSignal, alreadyProcessed = false): BatchSink {
    return async (batch: Batch) => {
      while (this.gate !== undefined) {
        if (!(await untilOrAborted(this.gate.opened, stopped))) return this.fail(batch, inputId, new Error('input stopped before the batch entered the pipeline'));
      }
      if (!(await this.slots.acquire(stopped))) return this.fail(batch, inputId, new Error('input stopped before the batch entered the pipeline'));
      this.stats.add(this.stats.eventsIn, inputId, batch.events.length);
      this.dispatch(batch, inputId, alreadyProcessed);
    };
  }

  /**
   * Hands events that were already processed (the API's `emit`) to the outputs, within the same window as
   * the inputs' batches; resolves once every output acknowledged them, rejects if they fail.
   */
  deliver(inputId: string, events: LogEvent[], stopped: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      this.sinkFor(inputId, stopped, true)({ events, delivered: resolve, failed: reject }).catch(reject);
    });
  }

  get inFlight(): number {
    return this.slots.inUse;
  }

  /** Milliseconds since the oldest batch in flight was accepted; undefined when none is. */
  oldestUnacknowledgedMs(now = Date.now()): number | undefined {
    for (const at of this.accepted.values()) return now - at;
    return undefined;
  }

  /** Resolves when every accepted batch has settled. */
  drain(): Promise<void> {
    return this.slots.idle();
  }

  /** Stops accepting batches (inputs wait in `sink`, keeping their files and positions) until `resume`. */
  pause(): void {
    if (this.gate) return;
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    this.gate = { opened, open };
  }

  resume(): void {
    const gate = this.gate;
    this.gate = undefined;
    gate?.open();
  }

  /** Swaps processors and outputs; only while paused and drained, so no batch sees a mix of both. */
  replace(processors: readonly ProcessorStage[], outputs: readonly OutputStage[], maxInFlight: number): void {
    if (this.gate === undefined || this.slots.inUse > 0) throw new SidecarError('INTERNAL', 'pipeline must be paused and drained to be replaced');
    this.processors = processors;
    this.outputs = outputs;
    this.slots = new Semaphore(maxInFlight);
  }

  async flushOutputs(): Promise<void> {
    await Promise.all(this.outputs.map((o) => o.flush()));
  }

  private dispatch(batch: Batch, inputId: string, alreadyProcessed: boolean): void {
    const sequence = this.sequence++;
    this.accepted.set(sequence, Date.now());
    const { processors, outputs, slots } = this;
    let processed: Promise<LogEvent[]>;
    if (alreadyProcessed) processed = Promise.resolve(stampEcsVersion(batch.events));
    else {
      processed = this.processing.then(() => runProcessors(processors, batch.events, this.stats));
      this.processing = processed.catch(() => undefined);
    }
    Promise.all(outputs.map((output) => output.enqueue(processed)))
      .then(
        () => batch.delivered(),
        (error: unknown) => this.fail(batch, inputId, error),
      )
      .finally(() => {
        this.accepted.delete(sequence);
        slots.release();
      });
  }

  private fail(batch: Batch, inputId: string, error: unknown): void {
    this.metrics.batchFailed(inputId, batch.events.length);
    this.logger.warn({ input: inputId, events: batch.events.length, reason: errorMessage(error) }, 'batch not delivered; it is not checkpointed and will be read again');
    batch.failed(error instanceof Error ? error : new Error(String(error)));
  }
}

async function runProcessors(processors: readonly ProcessorStage[], events: LogEvent[], stats: ComponentStats): Promise<LogEvent[]> {
  let current = events;
  for (const stage of processors) {
    const before = current.length;
    current = await stage.run(current);
    if (current.length < before) stats.add(stats.eventsDropped, stage.id, before - current.length);
  }
  return stampEcsVersion(current);
}
