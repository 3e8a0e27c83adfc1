/**
 * The `elasticsearch` output: events are gathered into `_bulk` requests (by count, bytes and time), several
 * requests are in flight at once, and a write is acknowledged only when each of its events is stored or
 * dead-lettered. Items the engine rejects with 429/5xx, and whole requests that fail (connection refused,
 * timeout, 5xx), are retried with exponential backoff and jitter for as long as it takes: meanwhile the
 * pending writes hold the pipeline's in-flight window, so reading slows down and memory stays bounded.
 *
 * This class wires the parts together and implements the Output contract: RequestBatcher (requests and the
 * writes' tickets), RequestWindow (requests in flight), BulkRequester (one request and its outcome),
 * RetryScheduler (when to send again), DeadLetterRouter (rejected documents) and TemplateInstaller.
 */
import type { Client } from '@elastic/elasticsearch';
import type { ComponentContext, LogEvent, Output, WriteReport } from '../../kit.js';
import { SidecarError } from '../../kit.js';
import { BulkRequester, type Outcome, type Rejected } from './bulk-request.js';
import { BulkTarget } from './bulk-target.js';
import type { ElasticsearchOutputConfig } from './config.js';
import { DeadLetterRouter } from './dead-letter-router.js';
import { bulkMetrics } from './metrics.js';
import { RequestBatcher, type Item } from './request-batcher.js';
import { RequestWindow } from './request-window.js';
import { RetryScheduler } from './retry-scheduler.js';
import { TemplateInstaller } from './template-installer.js';

export class ElasticsearchOutput implements Output {
  /** Pipeline batches this output accepts at once; its own request window limits the load on the engine. */
  readonly concurrency = 64;
  /**
   * Enough pipeline batches to fill every concurrent request and the next one, counting a batch (one read or
   * fetch) as about 1,000 events; with fewer, a request waits for the window to open and the engine idles.
   */
  readonly preferredInFlightBatches: number;
  private readonly batcher: RequestBatcher;
  private readonly window: RequestWindow;
  private readonly requester: BulkRequester;
  private readonly retries: RetryScheduler;
  private readonly deadLetters: DeadLetterRouter;
  private closed = false;
  private readonly abort = new AbortController();

  constructor(
    private readonly client: Client,
    config: ElasticsearchOutputConfig,
    ctx: ComponentContext,
  ) {
    this.preferredInFlightBatches = Math.min(this.concurrency, Math.ceil(((config.max_in_flight_requests + 1) * config.batch.max_events) / 1000));
    const target = new BulkTarget(config);
    const metrics = bulkMetrics(ctx.metrics, ctx.id);
    const template = new TemplateInstaller(client, config, target, ctx.logger, this.abort.signal);
    this.window = new RequestWindow(config.max_in_flight_requests);
    this.batcher = new RequestBatcher(target, config.batch, { send: (items) => void this.send(items, 0), sendsPartial: () => this.slotFree() });
    this.requester = new BulkRequester({
      client,
      target,
      template,
      batcher: this.batcher,
      metrics,
      requestTimeout: config.request_timeout,
      signal: this.abort.signal,
      resend: (items) => void this.send(items, 0),
    });
    this.retries = new RetryScheduler(config.retry, ctx.logger, metrics, (items, attempt) => void this.send(items, attempt));
    this.deadLetters = new DeadLetterRouter(client, config.dead_letter.index, ctx);
    // Install the template at start-up; if the engine is not reachable yet, the first bulk request retries it.
    void template.ready().catch(() => undefined);
  }

  write(events: readonly LogEvent[]): Promise<WriteReport> {
    if (this.closed) return Promise.reject(new SidecarError('OUTPUT_CLOSED', 'output is closed', { retriable: false }));
    if (events.length === 0) return Promise.resolve({ deadLettered: 0 });
    return this.batcher.add(events);
  }

  /** Stored documents are durable in the engine once acknowledged (translog): nothing to do. */
  async flush(): Promise<void> {}

  /** Stops retrying; writes still pending fail (not dead-lettered) and are read again after a restart. */
  async close(): Promise<void> {
    this.closed = true;
    this.abort.abort();
    this.retries.cancel();
    this.batcher.failPending(new SidecarError('OUTPUT_CLOSED', 'output closed before the engine stored these events', { retriable: false }));
    await this.client.close();
  }

  /**
   * A request slot is free and the engine answers: a partial batch goes at once instead of waiting for
   * more events or flush_interval, because the engine would have less to do meanwhile (at start-up, after
   * a lull, at the end of a file), as Filebeat's output workers take whatever is queued when they are free.
   * Under load every slot is busy and requests fill to max_events; during an outage the retries pace it.
   */
  private slotFree(): boolean {
    return this.window.hasRoom && !this.retries.failing && this.batcher.queued > 0;
  }

  /** Sends `items` in a request slot, then dead-letters what the engine rejected and retries the rest. */
  private async send(items: Item[], attempt: number): Promise<void> {
    if (this.closed) return;
    await this.window.enter();
    let outcome: Outcome;
    try {
      outcome = await this.requester.send(items);
    } finally {
      this.window.leave();
    }
    if (outcome.error === undefined && !this.closed && this.slotFree()) this.batcher.sendQueued();
    if (this.closed) return;
    if (outcome.rejected.length > 0) {
      // The dead letters retry a failing disk themselves; they give up only when the agent stops.
      if (!(await this.deadLetter(outcome.rejected).then(() => true, () => false))) return;
    }
    if (outcome.retry.length === 0) {
      if (outcome.error === undefined) this.retries.answered();
      return;
    }
    if (outcome.error !== undefined) this.retries.requestFailed(outcome.retry, attempt, outcome.error);
    else this.retries.itemsPushedBack(outcome.retry, attempt, outcome.retryReason);
  }

  private async deadLetter(rejected: Rejected[]): Promise<void> {
    await this.deadLetters.route(rejected);
    for (const { item } of rejected) this.batcher.settleDeadLettered(item);
  }
}
