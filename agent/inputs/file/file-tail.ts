/**
 * One followed file: an open descriptor (kept open across renames and deletion, so a rotated file is read to
 * its end), line framing, optional multi-line joining, event building, and the ordered acknowledgements
 * that decide how far its checkpoint may move.
 */
import type { FileHandle } from 'node:fs/promises';
import type { BatchSink, EventStamp } from '../../kit.js';
import type { LogEvent } from '../../kit.js';
import { OrderedAcks } from '../../kit.js';
import type { KnownHead, TruncatedFile } from './copy-match.js';
import { confirmHead, takeHead, type Fingerprint, type Head } from './fingerprint.js';
import { LineFramer } from './line-framer.js';
import { lineEvent } from './line-event.js';
import { MultilineJoiner } from './multiline.js';
import { ReadSamples, type Sample } from './read-samples.js';

export interface TailOptions {
  readonly maxLineBytes: number;
  readonly multiline: { startPattern: RegExp; maxLines: number } | undefined;
  readonly stamp: EventStamp;
}

export interface TailPosition {
  path: string;
  fingerprint: Fingerprint;
  offset: number;
  /** The newest sample of what was read, to recognise a copy made while the agent was stopped. */
  sample?: Sample | undefined;
}

/** What a tail takes over from an earlier reading of its file. */
export interface Carried {
  /** Acknowledgements of batches still in flight (from the file this one is a copy of, or a released one). */
  readonly acks?: OrderedAcks | undefined;
  /** Samples of what was read before the file was closed as inactive. */
  readonly samples?: readonly Sample[] | undefined;
}

export class FileTail {
  /** Set when the path no longer leads to this file (renamed away or deleted): read to the end, then release. */
  removed = false;
  /** Whether the last read found no new bytes. */
  atEnd = false;
  lastActivity = Date.now();

  private acks: OrderedAcks;
  private readonly framer: LineFramer;
  private readonly joiner: MultilineJoiner | undefined;
  private readOffset: number;
  private emittedUpTo: number;
  private events: LogEvent[] = [];
  private timestamp = '';
  private checkedSize = -1;
  private checkedMtime = -1;
  private closed = false;
  private readonly samples = new ReadSamples();
  private readonly stamp: EventStamp;

  constructor(
    readonly key: string,
    public path: string,
    private readonly handle: FileHandle,
    private head: Head,
    startOffset: number,
    options: TailOptions,
    skipPartialFirstLine = false,
    carried: Carried = {},
  ) {
    this.readOffset = startOffset;
    this.emittedUpTo = startOffset;
    this.acks = carried.acks ?? new OrderedAcks(startOffset);
    if (carried.samples) this.samples.inherit(carried.samples);
    this.stamp = options.stamp;
    const maxBytes = options.maxLineBytes;
    const ml = options.multiline;
    this.joiner = ml && new MultilineJoiner(ml.startPattern, ml.maxLines, maxBytes, (message, offset, _next, flags) => this.addEvent(message, offset, flags));
    this.framer = new LineFramer(
      maxBytes,
      this.joiner
        ? (bytes, start, end, offset, next, truncated) => this.joiner?.line(bytes.toString('utf8', start, end), offset, next, truncated, this.lastActivity)
        : (bytes, start, end, offset, _next, truncated) => {
            if (end > start) this.addEvent(bytes.toString('utf8', start, end), offset, truncated ? ['truncated'] : undefined);
          },
      startOffset,
    );
    if (skipPartialFirstLine) this.framer.reset(startOffset, true);
  }

  /**
   * Position everything delivered so far reaches, for the checkpoint. Never beyond what was read from this
   * file: acknowledgements taken over from an original may reach past the end of its copy.
   */
  position(): TailPosition {
    const offset = Math.min(this.acks.committed, this.readOffset);
    return { path: this.path, fingerprint: this.head.fingerprint, offset, sample: this.samples.latest() };
  }

  get knownHead(): KnownHead {
    return this.head;
  }

  /** Bytes of the file beyond the delivered position (a closed file was read to its end). */
  async bytesBehind(): Promise<number> {
    const size = this.closed ? this.readOffset : await this.handle.stat().then((st) => st.size, () => this.readOffset);
    return Math.max(0, size - this.position().offset);
  }

  get undelivered(): number {
    return this.acks.pending;
  }

  /** Where everything before was handed to the pipeline: where reading this file would go on. */
  get handedOn(): number {
    return this.emittedUpTo;
  }

  /** Where reading has got to: the file's size when the last read found its end. */
  get readTo(): number {
    return this.readOffset;
  }

  /** Samples of what was read, newest first, to be taken over if the file is followed again. */
  readSamples(): Sample[] {
    return this.samples.take();
  }

  /** The acknowledgements of the batches handed on, to be taken over if the file is followed again. */
  get acknowledgements(): OrderedAcks {
    return this.acks;
  }

  /** Whether the file still has a name (a deleted one has none, and cannot be found again). */
  async linked(): Promise<boolean> {
    return (await this.handle.stat()).nlink > 0;
  }

  /** Reads up to `budget` bytes into `buffer`-sized chunks and hands batches to `sink`. Returns bytes read. */
  async read(buffer: Buffer, sink: BatchSink, budget: number): Promise<number> {
    let total = 0;
    while (total < budget) {
      const { bytesRead } = await this.handle.read(buffer, 0, buffer.length, this.readOffset);
      if (bytesRead === 0) {
        this.atEnd = true;
        break;
      }
      this.atEnd = false;
      this.lastActivity = Date.now();
      this.timestamp = new Date(this.lastActivity).toISOString();
      this.framer.push(buffer.subarray(0, bytesRead), this.readOffset);
      this.readOffset += bytesRead;
      this.samples.record(buffer, bytesRead, this.readOffset);
      total += bytesRead;
      await this.emit(sink);
    }
    return total;
  }

  /** Emits a pending multi-line event (idle timeout, end of a once run, or end of a rotated file). */
  async flushMultiline(sink: BatchSink): Promise<void> {
    if (!this.joiner || this.joiner.pendingOffset < 0) return;
    if (this.timestamp === '') this.timestamp = new Date().toISOString();
    this.joiner.flush();
    await this.emit(sink);
  }

  multilineIdleFor(now: number): number {
    return this.joiner?.idleFor(now) ?? Number.POSITIVE_INFINITY;
  }

  /**
   * Detects copytruncate: the file shrank below what was read, or its first bytes changed. Restarts at 0.
   * Returns what had been read from the old content (to recognise a copy of it) when the file was truncated.
   */
  async detectTruncation(): Promise<TruncatedFile | undefined> {
    const { size, mtimeMs } = await this.handle.stat();
    // An idle file that did not change since the last check needs no fingerprint read.
    if (size === this.checkedSize && mtimeMs === this.checkedMtime && size >= this.readOffset) return undefined;
    this.checkedSize = size;
    this.checkedMtime = mtimeMs;
    const confirmed = size >= this.readOffset ? await confirmHead(this.handle, size, this.head.fingerprint) : undefined;
    if (confirmed) {
      this.head = confirmed;
      return undefined;
    }
    const old: TruncatedFile = {
      path: this.path,
      head: this.head,
      samples: this.samples.take(),
      resumeAt: this.emittedUpTo,
      acks: this.acks,
      seenAt: Date.now(),
    };
    this.samples.clear();
    this.head = await takeHead(this.handle, size);
    this.readOffset = 0;
    this.emittedUpTo = 0;
    this.events = [];
    this.framer.reset(0);
    this.joiner?.reset();
    // Batches of the old content still in flight acknowledge the old tracker, which a copy may take over.
    this.acks = new OrderedAcks(0);
    this.atEnd = false;
    return old;
  }

  /** The file's modification time in nanoseconds, as a scan's stat reports it. */
  async modifiedNs(): Promise<bigint> {
    return (await this.handle.stat({ bigint: true })).mtimeNs;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.handle.close();
  }

  private addEvent(message: string, offset: number, flags: string[] | undefined): void {
    this.events.push(lineEvent(message, this.path, offset, this.timestamp, this.stamp, flags));
  }

  /**
   * Hands the events built so far (one read chunk's worth) to the pipeline, with an acknowledgement that
   * covers the bytes behind them, including skipped empty lines.
   */
  private async emit(sink: BatchSink): Promise<void> {
    const pending = this.joiner?.pendingOffset ?? -1;
    const end = pending >= 0 ? pending : this.framer.completeOffset;
    if (this.events.length === 0 && end === this.emittedUpTo) return;
    const events = this.events;
    this.events = [];
    this.emittedUpTo = end;
    // A failed batch leaves its acknowledgement open: the position stays before it, so it is read again.
    await sink({ events, delivered: this.acks.track(end), failed: () => undefined });
  }
}
