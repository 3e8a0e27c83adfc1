/**
 * Feeds one output in batch order, retrying failed writes with capped exponential backoff for as long as it
 * takes (the bounded in-flight window makes that backpressure, not memory growth). Errors marked
 * non-retriable send the batch to the dead-letter file instead. A hard stop aborts the retries; the batch is
 * then simply not acknowledged and is read again after a restart.
 */
import pRetry from 'p-retry';
import type { Logger } from 'pino';
import type { Output } from '../component.js';
import { errorMessage, isRetriable } from '../errors.js';
import type { LogEvent } from '../event.js';
import type { DeadLetterFile } from './dead-letter.js';
import type { ComponentStats } from './stats.js';

export class OutputStage {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly id: string,
    readonly label: string,
    private readonly output: Output,
    private readonly deadLetter: DeadLetterFile,
    private readonly stats: ComponentStats,
    private readonly logger: Logger,
    private readonly hardStop: AbortSignal,
  ) {}

  get preferredInFlightBatches(): number | undefined {
    return this.output.preferredInFlightBatches;
  }

  /**
   * Queues a write after the previous ones (or, for outputs that take several batches at once, right away);
   * resolves when this batch was acknowledged or dead-lettered.
   */
  enqueue(events: Promise<LogEvent[]>): Promise<void> {
    if ((this.output.concurrency ?? 1) > 1) return events.then((ready) => this.deliver(ready));
    const done = this.tail.then(async () => this.deliver(await events));
    this.tail = done.catch(() => undefined);
    return done;
  }

  flush(): Promise<void> {
    return this.output.flush();
  }

  close(): Promise<void> {
    return this.output.close();
  }

  private async deliver(events: LogEvent[]): Promise<void> {
    if (events.length === 0) return;
    try {
      await pRetry(() => this.output.write(events), {
        retries: Number.POSITIVE_INFINITY,
        minTimeout: 200,
        maxTimeout: 30_000,
        factor: 2,
        randomize: true,
        signal: this.hardStop,
        shouldRetry: ({ error }) => isRetriable(error),
        onFailedAttempt: ({ error, attemptNumber }) => {
          const level = attemptNumber <= 1 ? 'warn' : attemptNumber % 10 === 0 ? 'error' : 'debug';
          this.logger[level]({ output: this.id, attempt: attemptNumber, err: errorMessage(error) }, 'output write failed; retrying');
        },
      });
      this.stats.add(this.stats.eventsOut, this.id, events.length);
    } catch (error) {
      if (this.hardStop.aborted) throw error;
      const reason = `${this.label}: ${errorMessage(error)}`;
      this.logger.error({ output: this.id, events: events.length, file: this.deadLetter.file, err: errorMessage(error) }, 'output rejected batch; written to dead-letter file');
      await this.deadLetter.write(events, reason);
      this.stats.add(this.stats.deadLettered, this.id, events.length);
    }
  }
}
