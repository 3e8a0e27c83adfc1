/**
 * Feeds one output in batch order, retrying failed writes with the agent's retry policy for as long as it
 * takes (the bounded in-flight window makes that backpressure, not memory growth). Errors marked
 * non-retriable send the batch to the output's dead letters instead. A stop ends the retries: the batch
 * then fails, is not acknowledged and is read again after a restart. Each event is counted once: stored,
 * or dead-lettered (by this stage or by the output itself).
 */
import type { Logger } from 'pino';
import type { DeadLetters, Output } from '../component.js';
import { errorMessage, isRetriable, SidecarError } from '../errors.js';
import type { LogEvent } from '../event.js';
import type { DeliveryMetrics } from './delivery-metrics.js';
import { failureLevel, RetryPolicy } from './retry.js';
import type { ComponentStats } from './stats.js';

export class OutputStage {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly policy = new RetryPolicy();

  constructor(
    readonly id: string,
    readonly label: string,
    readonly output: Output,
    private readonly deadLetters: DeadLetters,
    private readonly stats: ComponentStats,
    private readonly metrics: DeliveryMetrics,
    private readonly logger: Logger,
    private readonly hardStop: AbortSignal,
  ) {}

  get preferredInFlightBatches(): number | undefined {
    return this.output.preferredInFlightBatches;
  }

  /**
   * Queues a write after the previous ones (or, for outputs that take several batches at once, right away);
   * resolves when this batch was stored or dead-lettered, rejects when the agent stopped first.
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
    let deadLettered = 0;
    try {
      const report = await this.policy.retry(() => this.output.write(events), {
        signal: this.hardStop,
        shouldRetry: (error) => isRetriable(error) && !isClosed(error),
        onRetry: (error, attempt, waitMs) => {
          this.metrics.retried(this.id, 'write', events.length);
          this.logger[failureLevel(attempt)]({ output: this.id, attempt, retry_in_ms: Math.round(waitMs), err: errorMessage(error) }, 'output write failed; retrying');
        },
      });
      deadLettered = report?.deadLettered ?? 0;
    } catch (error) {
      // Stopping is not a refusal by the output: nothing is dead-lettered that no output refused.
      if (this.hardStop.aborted || isClosed(error)) throw error;
      this.logger.error({ output: this.id, events: events.length, to: this.deadLetters.location, err: errorMessage(error) }, 'output rejected batch; writing it to the dead letters');
      await this.deadLetters.write(events, `${this.label}: ${errorMessage(error)}`);
      return;
    }
    this.stats.add(this.stats.eventsOut, this.id, events.length - deadLettered);
  }
}

function isClosed(error: unknown): boolean {
  return error instanceof SidecarError && error.code === 'OUTPUT_CLOSED';
}
