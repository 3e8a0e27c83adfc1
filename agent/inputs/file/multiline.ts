/**
 * Joins continuation lines (a stack trace) to the line that started the event. A line matching
 * `start_pattern` starts a new event; other lines are appended. Bounded by `max_lines` (the event is emitted
 * and a new one started, flagged "multiline_split") and by `max_bytes` (the message is truncated and
 * flagged "truncated"): nothing is dropped without a flag.
 */

export type RecordHandler = (message: string, offset: number, nextOffset: number, flags: string[] | undefined) => void;

export class MultilineJoiner {
  private parts: string[] = [];
  private bytes = 0;
  private startOffset = -1;
  private endOffset = -1;
  private flags: string[] | undefined;
  private lastLineAt = 0;

  constructor(
    private readonly startPattern: RegExp,
    private readonly maxLines: number,
    private readonly maxBytes: number,
    private readonly emit: RecordHandler,
  ) {}

  /** File offset where the pending event starts, or -1 when none is pending. */
  get pendingOffset(): number {
    return this.startOffset;
  }

  /** Milliseconds since the pending event's last line (Infinity when none is pending). */
  idleFor(now: number): number {
    return this.startOffset < 0 ? Number.POSITIVE_INFINITY : now - this.lastLineAt;
  }

  line(text: string, offset: number, nextOffset: number, truncated: boolean, now: number): void {
    const isStart = this.startPattern.test(text);
    if (this.startOffset >= 0 && !isStart && this.parts.length >= this.maxLines) {
      this.flush();
      this.begin(offset, ['multiline_split']);
    } else if (this.startOffset < 0 || isStart) {
      this.flush();
      this.begin(offset, undefined);
    }
    this.lastLineAt = now;
    this.endOffset = nextOffset;
    if (truncated) this.flag('truncated');
    const lineBytes = nextOffset - offset;
    if (this.bytes >= this.maxBytes) {
      this.flag('truncated');
      return;
    }
    if (this.bytes + lineBytes > this.maxBytes) {
      this.flag('truncated');
      this.parts.push(text.slice(0, Math.max(0, this.maxBytes - this.bytes)));
      this.bytes = this.maxBytes;
      return;
    }
    this.parts.push(text);
    this.bytes += lineBytes;
  }

  flush(): void {
    if (this.startOffset < 0) return;
    if (this.parts.length > 1 && !this.flags?.includes('multiline')) this.flag('multiline');
    this.emit(this.parts.join('\n'), this.startOffset, this.endOffset, this.flags);
    this.parts = [];
    this.bytes = 0;
    this.startOffset = -1;
    this.flags = undefined;
  }

  reset(): void {
    this.parts = [];
    this.bytes = 0;
    this.startOffset = -1;
    this.flags = undefined;
  }

  private begin(offset: number, flags: string[] | undefined): void {
    this.startOffset = offset;
    this.flags = flags;
  }

  private flag(flag: string): void {
    if (this.flags === undefined) this.flags = [flag];
    else if (!this.flags.includes(flag)) this.flags.push(flag);
  }
}
