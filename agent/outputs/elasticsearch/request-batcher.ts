/**
 * Gathers the events of pipeline writes into `_bulk` requests, by count, bytes and time, and keeps one ticket
 * per write: a write resolves when each of its events is stored or dead-lettered, saying how many were.
 *
 * Events are encoded once, into the writer's buffer, as they arrive; cutting a request takes that buffer (the
 * writer goes on in a recycled one), retries of some items reuse their byte ranges, and the buffer is recycled
 * once every item in it is settled.
 */
import type { LogEvent, WriteReport } from '../../kit.js';
import type { BulkTarget } from './bulk-target.js';
import type { ElasticsearchOutputConfig } from './config.js';
import { JsonByteWriter } from '../codecs/json-byte-writer.js';

/** One pipeline write: resolved when all of its events are stored or dead-lettered (saying how many were). */
interface Ticket {
  remaining: number;
  deadLettered: number;
  resolve(report: WriteReport): void;
  reject(error: Error): void;
}

/** The encoded body of one bulk request as first cut. */
interface RequestBody {
  bytes: Buffer;
  readonly items: number;
  unsettled: number;
}

/** One event in a bulk request: its action and document lines, and the write it belongs to. */
export interface Item {
  readonly event: LogEvent;
  readonly ticket: Ticket;
  /** Set when the request is cut. */
  body: RequestBody | undefined;
  /** Byte range of the action and document lines in `body`. */
  readonly start: number;
  readonly end: number;
}

export interface RequestSink {
  /** Sends a cut request. */
  send(items: Item[]): void;
  /** Whether a partial request should go at once instead of waiting for more events or the flush interval. */
  sendsPartial(): boolean;
}

export class RequestBatcher {
  private queue: Item[] = [];
  private readonly writer = new JsonByteWriter();
  private timer: NodeJS.Timeout | undefined;
  private readonly tickets = new Set<Ticket>();

  constructor(
    private readonly target: BulkTarget,
    private readonly limits: ElasticsearchOutputConfig['batch'],
    private readonly sink: RequestSink,
  ) {}

  /** Events encoded and waiting for a request. */
  get queued(): number {
    return this.queue.length;
  }

  /** Encodes the events of one write into requests; resolves when all of them are settled. */
  add(events: readonly LogEvent[]): Promise<WriteReport> {
    return new Promise<WriteReport>((resolve, reject) => {
      const ticket: Ticket = { remaining: events.length, deadLettered: 0, resolve, reject };
      this.tickets.add(ticket);
      const { max_events: maxEvents, max_bytes: maxBytes } = this.limits;
      const writer = this.writer;
      for (const event of events) {
        const start = writer.length;
        this.target.writeItem(event, writer);
        this.queue.push({ event, ticket, body: undefined, start, end: writer.length });
        if (this.queue.length >= maxEvents || writer.length >= maxBytes) this.sendQueued();
      }
      if (this.queue.length > 0) {
        if (this.sink.sendsPartial()) this.sendQueued();
        else this.timer ??= setTimeout(() => this.sendQueued(), this.limits.flush_interval);
      }
    });
  }

  /** Cuts whatever is queued into a request and hands it to the sink. */
  sendQueued(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const items = this.queue;
    if (items.length === 0) return;
    this.queue = [];
    // The request takes the writer's buffer; the writer goes on in a recycled one.
    const body: RequestBody = { bytes: this.writer.detach(), items: items.length, unsettled: items.length };
    for (const item of items) item.body = body;
    this.sink.send(items);
  }

  /** The item is stored: its write resolves once it has no other item left. */
  settle(item: Item): void {
    const body = item.body;
    if (body !== undefined && --body.unsettled === 0) this.writer.recycle(body.bytes);
    const ticket = item.ticket;
    if (--ticket.remaining === 0 && this.tickets.delete(ticket)) ticket.resolve({ deadLettered: ticket.deadLettered });
  }

  /** The item is dead-lettered: settled, and counted in its write's report. */
  settleDeadLettered(item: Item): void {
    item.ticket.deadLettered++;
    this.settle(item);
  }

  /** Stops the flush timer and fails every write not settled yet. */
  failPending(error: Error): void {
    clearTimeout(this.timer);
    for (const ticket of this.tickets) ticket.reject(error);
    this.tickets.clear();
  }
}

/** The request body for `items`: the body they were cut in, or the byte ranges of a retried subset. */
export function bulkBody(items: readonly Item[]): Buffer {
  const whole = items[0]?.body;
  if (whole !== undefined && whole.items === items.length && items.every((item) => item.body === whole)) return whole.bytes;
  return Buffer.concat(items.map((item) => (item.body as RequestBody).bytes.subarray(item.start, item.end)));
}
