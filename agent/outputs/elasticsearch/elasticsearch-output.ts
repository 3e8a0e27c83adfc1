/**
 * The `elasticsearch` output: events are gathered into `_bulk` requests (by count, bytes and time), several
 * requests are in flight at once, and a write is acknowledged only when each of its events is stored or
 * dead-lettered. Items the engine rejects with 429/5xx, and whole requests that fail (connection refused,
 * timeout, 5xx), are retried with exponential backoff and jitter for as long as it takes: meanwhile the
 * pending writes hold the pipeline's in-flight window, so reading slows down and memory stays bounded.
 */
import type { Client } from '@elastic/elasticsearch';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { ComponentContext, Output, WriteReport } from '../../kit.js';
import { errorMessage, SidecarError } from '../../kit.js';
import type { LogEvent } from '../../kit.js';
import { failureLevel, RetryPolicy } from '../../kit.js';
import { Semaphore } from '../../kit.js';
import { BULK_FILTER_PATH, bulkSummarySchema, classifyItem, isRetriableStatus, readBulkResponse, statusOf } from './bulk-response.js';
import { BulkTarget } from './bulk-target.js';
import type { ElasticsearchOutputConfig } from './config.js';
import { bulkMetrics, type BulkMetrics } from './metrics.js';
import { JsonByteWriter } from '../codecs/json-byte-writer.js';
import { buildIndexTemplate } from './index-template.js';

/** One pipeline write: resolved when all of its events are stored or dead-lettered (saying how many were). */
interface Ticket {
  remaining: number;
  deadLettered: number;
  resolve(report: WriteReport): void;
  reject(error: Error): void;
}

/**
 * The encoded body of one bulk request as first cut. Events are encoded once, into the writer's buffer, as
 * they arrive; cutting a request takes that buffer (the writer goes on in a recycled one), retries of some
 * items reuse their byte ranges, and the buffer is recycled once every item in it is settled.
 */
interface RequestBody {
  bytes: Buffer;
  readonly items: number;
  unsettled: number;
}

interface Item {
  readonly event: LogEvent;
  readonly ticket: Ticket;
  /** Set when the request is cut. */
  body: RequestBody | undefined;
  /** Byte range of the action and document lines in `body`. */
  readonly start: number;
  readonly end: number;
}

interface Rejected {
  readonly item: Item;
  readonly reason: string;
}

/** What became of one bulk request's items; `error` when the whole request failed (and is retried). */
interface Outcome {
  readonly retry: Item[];
  readonly rejected: Rejected[];
  /** Why the engine answered 429/5xx for the first item in `retry` (a partial result). */
  readonly retryReason?: string;
  readonly error?: string;
}

export class ElasticsearchOutput implements Output {
  /** Pipeline batches this output accepts at once; its own request window limits the load on the engine. */
  readonly concurrency = 64;
  /**
   * Enough pipeline batches to fill every concurrent request and the next one, counting a batch (one read or
   * fetch) as about 1,000 events; with fewer, a request waits for the window to open and the engine idles.
   */
  readonly preferredInFlightBatches: number;
  private queue: Item[] = [];
  private readonly writer = new JsonByteWriter();
  private timer: NodeJS.Timeout | undefined;
  private readonly requests: Semaphore;
  private readonly tickets = new Set<Ticket>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private readonly target: BulkTarget;
  private readonly retryPolicy: RetryPolicy;
  private readonly logger: Logger;
  private templateReady: Promise<void> | undefined;
  private failures = 0;
  /** Consecutive answers with items to send again (429/5xx), for the log level. */
  private itemRetries = 0;
  private readonly metrics: BulkMetrics;
  /** Bulk requests sent (or waiting for a slot) and not answered yet. */
  private active = 0;
  private closed = false;
  private readonly abort = new AbortController();

  constructor(
    private readonly client: Client,
    private readonly config: ElasticsearchOutputConfig,
    private readonly ctx: ComponentContext,
  ) {
    this.requests = new Semaphore(config.max_in_flight_requests);
    this.preferredInFlightBatches = Math.min(this.concurrency, Math.ceil(((config.max_in_flight_requests + 1) * config.batch.max_events) / 1000));
    this.target = new BulkTarget(config);
    this.retryPolicy = new RetryPolicy({ initial: config.retry.initial_backoff, max: config.retry.max_backoff });
    this.logger = ctx.logger;
    this.metrics = bulkMetrics(ctx.metrics, ctx.id);
    // Install the template at start-up; if the engine is not reachable yet, the first bulk request retries it.
    void this.ensureTemplate().catch(() => undefined);
  }

  write(events: readonly LogEvent[]): Promise<WriteReport> {
    if (this.closed) return Promise.reject(new SidecarError('OUTPUT_CLOSED', 'output is closed', { retriable: false }));
    if (events.length === 0) return Promise.resolve({ deadLettered: 0 });
    return new Promise<WriteReport>((resolve, reject) => {
      const ticket: Ticket = { remaining: events.length, deadLettered: 0, resolve, reject };
      this.tickets.add(ticket);
      const { max_events: maxEvents, max_bytes: maxBytes } = this.config.batch;
      const writer = this.writer;
      for (const event of events) {
        const start = writer.length;
        this.target.writeItem(event, writer);
        this.queue.push({ event, ticket, body: undefined, start, end: writer.length });
        if (this.queue.length >= maxEvents || writer.length >= maxBytes) this.sendQueued();
      }
      if (this.queue.length > 0) {
        if (this.slotFree()) this.sendQueued();
        else this.timer ??= setTimeout(() => this.sendQueued(), this.config.batch.flush_interval);
      }
    });
  }

  /** Stored documents are durable in the engine once acknowledged (translog): nothing to do. */
  async flush(): Promise<void> {}

  /** Stops retrying; writes still pending fail (not dead-lettered) and are read again after a restart. */
  async close(): Promise<void> {
    this.closed = true;
    this.abort.abort();
    clearTimeout(this.timer);
    for (const timer of this.retryTimers) clearTimeout(timer);
    const error = new SidecarError('OUTPUT_CLOSED', 'output closed before the engine stored these events', { retriable: false });
    for (const ticket of this.tickets) ticket.reject(error);
    this.tickets.clear();
    await this.client.close();
  }

  private sendQueued(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const items = this.queue;
    if (items.length === 0) return;
    this.queue = [];
    // The request takes the writer's buffer; the writer goes on in a recycled one (see RequestBody).
    const body: RequestBody = { bytes: this.writer.detach(), items: items.length, unsettled: items.length };
    for (const item of items) item.body = body;
    void this.send(items, 0);
  }

  /**
   * A request slot is free and the engine answers: a partial batch goes at once instead of waiting for
   * more events or flush_interval, because the engine would have less to do meanwhile (at start-up, after
   * a lull, at the end of a file), as Filebeat's output workers take whatever is queued when they are free.
   * Under load every slot is busy and requests fill to max_events; during an outage the retries pace it.
   */
  private slotFree(): boolean {
    return this.active < this.config.max_in_flight_requests && this.failures === 0 && this.queue.length > 0;
  }

  private async send(items: Item[], attempt: number): Promise<void> {
    if (this.closed) return;
    this.active++;
    let outcome: Outcome;
    try {
      await this.requests.acquire();
      try {
        outcome = await this.request(items);
      } finally {
        this.requests.release();
      }
    } finally {
      this.active--;
    }
    if (outcome.error === undefined && !this.closed && this.slotFree()) this.sendQueued();
    if (this.closed) return;
    if (outcome.rejected.length > 0) {
      // The dead letters retry a failing disk themselves; they give up only when the agent stops.
      if (!(await this.deadLetter(outcome.rejected).then(() => true, () => false))) return;
    }
    if (outcome.retry.length === 0) {
      if (outcome.error === undefined && this.failures > 0) {
        this.logger.info({ after_failures: this.failures }, 'search engine accepts writes again');
        this.failures = 0;
      }
      if (outcome.error === undefined) this.itemRetries = 0;
      return;
    }
    if (outcome.error !== undefined) {
      this.failures++;
      this.metrics.retried('request', outcome.retry.length);
      this.logger[failureLevel(this.failures)]({ err: outcome.error, events: outcome.retry.length, attempt: attempt + 1 }, 'bulk request failed; retrying');
    } else {
      // The engine answered but pushed back on some items (429: its write queue is full; 5xx: a shard).
      this.itemRetries++;
      this.metrics.retried('item', outcome.retry.length);
      this.logger[failureLevel(this.itemRetries)]({ reason: outcome.retryReason, events: outcome.retry.length, attempt: attempt + 1 }, 'search engine asked to send events again; retrying');
    }
    this.retryLater(outcome.retry, attempt + 1);
  }

  /** Sends one bulk request and sorts its items into stored (settled here), to retry and rejected. */
  private async request(items: Item[]): Promise<Outcome> {
    try {
      await this.ensureTemplate();
      // As a stream: readBulkResponse skips parsing responses that report no failed item.
      const result = await this.client.transport.request(
        { method: 'POST', path: '/_bulk', querystring: { filter_path: BULK_FILTER_PATH }, bulkBody: bulkBody(items) },
        { meta: true, asStream: true, maxRetries: 0, requestTimeout: this.config.request_timeout, signal: this.abort.signal },
      );
      const response = await readBulkResponse(result.statusCode ?? 0, result.headers ?? {}, result.body as Readable);
      if (!response.errors) {
        this.metrics.request('stored'); // counted before settling: acknowledging may end the run
        for (const item of items) this.settle(item);
        return { retry: [], rejected: [] };
      }
      const results = response.items;
      const stored: Item[] = [];
      const retry: Item[] = [];
      const rejected: Rejected[] = [];
      let retryReason: string | undefined;
      for (let i = 0; i < items.length; i++) {
        const item = items[i] as Item;
        const verdict = classifyItem(results[i], this.target.createsWithId);
        if (verdict.kind === 'stored') stored.push(item);
        else if (verdict.kind === 'retry') {
          retry.push(item);
          retryReason ??= verdict.reason;
        } else rejected.push({ item, reason: verdict.reason });
      }
      this.metrics.request(retry.length + rejected.length === 0 ? 'stored' : 'partial');
      for (const item of stored) this.settle(item);
      return retryReason === undefined ? { retry, rejected } : { retry, rejected, retryReason };
    } catch (error) {
      this.metrics.request('failed');
      const status = statusOf(error);
      if (status === 413 && items.length > 1) {
        // Request too large for the engine: halve it until it fits.
        const half = Math.ceil(items.length / 2);
        void this.send(items.slice(0, half), 0);
        void this.send(items.slice(half), 0);
        return { retry: [], rejected: [] };
      }
      if (status !== undefined && REFUSED_CREDENTIALS.has(status)) {
        // Expired or rotated credentials, a role without write access: the engine refuses everyone alike,
        // and an operator fixes it without touching the agent. Like an outage, not like bad documents.
        return { retry: items, rejected: [], error: `${errorMessage(error)} (the engine refused the agent's credentials or privileges; check auth)` };
      }
      if (!isRetriableStatus(status)) {
        const reason = `bulk request rejected with ${status}: ${errorMessage(error)}`;
        return { retry: [], rejected: items.map((item) => ({ item, reason })) };
      }
      return { retry: items, rejected: [], error: errorMessage(error) };
    }
  }

  private retryLater(items: Item[], attempt: number): void {
    const delay = this.retryPolicy.delay(attempt);
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      void this.send(items, attempt);
    }, delay);
    this.retryTimers.add(timer);
  }

  private async deadLetter(rejected: Rejected[]): Promise<void> {
    const byReason = new Map<string, LogEvent[]>();
    for (const { item, reason } of rejected) {
      const list = byReason.get(reason) ?? [];
      list.push(item.event);
      byReason.set(reason, list);
    }
    const index = this.config.dead_letter.index;
    for (const [reason, events] of byReason) {
      if (index !== undefined && (await this.deadLetterToIndex(index, events, reason))) this.ctx.deadLetters.count(events.length);
      else await this.ctx.deadLetters.write(events, `${this.ctx.location} (elasticsearch): ${reason}`);
    }
    this.logger.warn({ events: rejected.length, reasons: [...byReason.keys()].slice(0, 3), to: index ?? this.ctx.deadLetters.location }, 'documents rejected by the search engine; dead-lettered');
    for (const { item } of rejected) {
      item.ticket.deadLettered++;
      this.settle(item);
    }
  }

  /** The original event is kept as a string, so the documents that failed to map cannot fail again. */
  private async deadLetterToIndex(index: string, events: LogEvent[], reason: string): Promise<boolean> {
    const at = new Date().toISOString();
    let body = '';
    for (const event of events) {
      body += `{"create":{"_index":${JSON.stringify(index)}}}\n${JSON.stringify({ '@timestamp': at, 'error.message': reason, 'event.original': JSON.stringify(event) })}\n`;
    }
    try {
      const result = await this.client.transport.request(
        { method: 'POST', path: '/_bulk', querystring: { filter_path: 'errors' }, bulkBody: body },
        { meta: true, maxRetries: 3 },
      );
      return !bulkSummarySchema.parse(result.body).errors;
    } catch (error) {
      this.logger.error({ err: errorMessage(error), index }, 'dead-letter index unavailable; writing dead letters to file');
      return false;
    }
  }

  private settle(item: Item): void {
    const body = item.body;
    if (body !== undefined && --body.unsettled === 0) this.writer.recycle(body.bytes);
    const ticket = item.ticket;
    if (--ticket.remaining === 0 && this.tickets.delete(ticket)) ticket.resolve({ deadLettered: ticket.deadLettered });
  }

  private ensureTemplate(): Promise<void> {
    if (!this.config.template.install) return Promise.resolve();
    this.templateReady ??= this.installTemplate().catch((error: unknown) => {
      this.templateReady = undefined;
      throw error;
    });
    return this.templateReady;
  }

  /**
   * A template the engine refuses (4xx: no permission, a mapping type it lacks) is reported and writing goes
   * on without it: events are not held back or dead-lettered over a template. Unreachable engines are retried.
   */
  private async installTemplate(): Promise<void> {
    const name = this.config.template.name ?? this.target.templateName();
    const template = buildIndexTemplate({ indexPatterns: this.target.templatePatterns(), dataStream: this.target.dataStream });
    try {
      await this.client.transport.request(
        { method: 'PUT', path: `/_index_template/${encodeURIComponent(name)}`, body: template },
        { meta: true, maxRetries: 0, requestTimeout: this.config.request_timeout, signal: this.abort.signal },
      );
      this.logger.info({ template: name, patterns: template.index_patterns }, 'index template installed');
    } catch (error) {
      const status = statusOf(error);
      // Refused credentials (401) fail every request: retry the template with them. A 403 here is a missing
      // template privilege, which writing does not need.
      if (isRetriableStatus(status) || status === 401 || status === 407) throw error;
      this.logger.error({ template: name, status, err: errorMessage(error) }, 'index template rejected; writing without it');
    }
  }
}

/** The request body for `items`: the body they were cut in, or the byte ranges of a retried subset. */
function bulkBody(items: readonly Item[]): Buffer {
  const whole = items[0]?.body;
  if (whole !== undefined && whole.items === items.length && items.every((item) => item.body === whole)) return whole.bytes;
  return Buffer.concat(items.map((item) => (item.body as RequestBody).bytes.subarray(item.start, item.end)));
}

/**
 * Whole bulk requests answered with these are retried, not dead-lettered: 401 (credentials expired or
 * wrong), 403 (the credentials lack a privilege), 407 (a proxy wants credentials). Logstash's output
 * likewise retries every failed request.
 */
const REFUSED_CREDENTIALS = new Set([401, 403, 407]);

