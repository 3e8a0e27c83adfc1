/**
 * When items go again: after a whole request failed (no answer, 5xx, refused credentials) or after the engine
 * answered 429/5xx for some items, with the shared backoff (exponential, with jitter) and for as long as it
 * takes. Counts the retried events and logs by the shared ladder: the first failure of a run a warning, then
 * quieter, and the recovery once.
 */
import type { Logger } from 'pino';
import { failureLevel, RetryPolicy } from '../../kit.js';
import type { ElasticsearchOutputConfig } from './config.js';
import type { BulkMetrics } from './metrics.js';
import type { Item } from './request-batcher.js';

export class RetryScheduler {
  private readonly policy: RetryPolicy;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Consecutive requests that failed as a whole. */
  private failures = 0;
  /** Consecutive answers with items to send again (429/5xx), for the log level. */
  private itemRetries = 0;

  constructor(
    settings: ElasticsearchOutputConfig['retry'],
    private readonly logger: Logger,
    private readonly metrics: BulkMetrics,
    /** Sends `items` again, as retry number `attempt`. */
    private readonly resend: (items: Item[], attempt: number) => void,
  ) {
    this.policy = new RetryPolicy({ initial: settings.initial_backoff, max: settings.max_backoff });
  }

  /** Whether the last request failed as a whole: the engine may be down, so partial requests wait. */
  get failing(): boolean {
    return this.failures > 0;
  }

  /** The engine answered a request with nothing to send again. */
  answered(): void {
    if (this.failures > 0) {
      this.logger.info({ after_failures: this.failures }, 'search engine accepts writes again');
      this.failures = 0;
    }
    this.itemRetries = 0;
  }

  /** The whole request failed (attempt `attempt`, 0 for the first); all of its items go again. */
  requestFailed(items: Item[], attempt: number, error: string): void {
    this.failures++;
    this.metrics.retried('request', items.length);
    this.logger[failureLevel(this.failures)]({ err: error, events: items.length, attempt: attempt + 1 }, 'bulk request failed; retrying');
    this.later(items, attempt + 1);
  }

  /** The engine answered but pushed back on some items (429: its write queue is full; 5xx: a shard). */
  itemsPushedBack(items: Item[], attempt: number, reason: string | undefined): void {
    this.itemRetries++;
    this.metrics.retried('item', items.length);
    this.logger[failureLevel(this.itemRetries)]({ reason, events: items.length, attempt: attempt + 1 }, 'search engine asked to send events again; retrying');
    this.later(items, attempt + 1);
  }

  /** Cancels every retry still waiting (the output is closing). */
  cancel(): void {
    for (const timer of this.timers) clearTimeout(timer);
  }

  private later(items: Item[], attempt: number): void {
    const delay = this.policy.delay(attempt);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.resend(items, attempt);
    }, delay);
    this.timers.add(timer);
  }
}
