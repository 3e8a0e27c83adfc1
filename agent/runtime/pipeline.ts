/**
 * inputs → processors (in order) → fan-out to every output. Batches are processed one after another so the
 * event order of a source is kept; outputs write concurrently with the processing of the next batch. A
 * batch is acknowledged to its input only when every output has it. At most `maxInFlight` batches are
 * between inputs and outputs: once that many are pending, `sink` waits, and so do the inputs.
 */
import type { Logger } from 'pino';
import type { Batch, BatchSink } from '../component.js';
import type { LogEvent } from '../event.js';
import type { OutputStage } from './output-stage.js';
import type { ProcessorStage } from './processor-stage.js';
import { Semaphore } from './semaphore.js';
import type { ComponentStats } from './stats.js';

export class Pipeline {
  private processing: Promise<unknown> = Promise.resolve();
  private readonly slots: Semaphore;

  constructor(
    private readonly processors: readonly ProcessorStage[],
    private readonly outputs: readonly OutputStage[],
    maxInFlight: number,
    private readonly stats: ComponentStats,
    private readonly logger: Logger,
  ) {
    this.slots = new Semaphore(maxInFlight);
  }

  /** The sink handed to inputs; `inputId` attributes event counts. */
  sinkFor(inputId: string): BatchSink {
    return async (batch: Batch) => {
      this.stats.add(this.stats.eventsIn, inputId, batch.events.length);
      await this.slots.acquire();
      this.dispatch(batch);
    };
  }

  get inFlight(): number {
    return this.slots.inUse;
  }

  /** Resolves when every accepted batch has been acknowledged (or failed on a hard stop). */
  drain(): Promise<void> {
    return this.slots.idle();
  }

  async flushOutputs(): Promise<void> {
    await Promise.all(this.outputs.map((o) => o.flush()));
  }

  private dispatch(batch: Batch): void {
    const processed = this.processing.then(() => this.runProcessors(batch.events));
    this.processing = processed.catch(() => undefined);
    Promise.all(this.outputs.map((output) => output.enqueue(processed)))
      .then(
        () => batch.delivered(),
        (error: unknown) => this.logger.warn({ err: error }, 'batch not delivered before stop; it will be read again'),
      )
      .finally(() => this.slots.release());
  }

  private async runProcessors(events: LogEvent[]): Promise<LogEvent[]> {
    let current = events;
    for (const stage of this.processors) {
      const before = current.length;
      current = await stage.run(current);
      if (current.length < before) this.stats.add(this.stats.eventsDropped, stage.id, before - current.length);
    }
    return current;
  }
}
