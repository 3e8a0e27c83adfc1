/**
 * Splits a byte stream into lines without decoding or copying complete lines: the handler gets the buffer
 * and a byte range, and decides itself whether to make a string. Only the incomplete tail of a read is
 * copied (into a carry buffer capped at `maxLineBytes`). Handles CRLF, lines spanning many reads, and lines
 * longer than the cap (truncated to the cap and flagged; the rest is skipped up to the newline).
 *
 * The carry starts small and grows with the partial line it holds; one grown past CARRY_KEPT_BYTES for a long
 * line is let go once that line is complete. A followed file thus costs a few hundred bytes, not the cap: the
 * globs may match hundreds of rotated files, most of them idle.
 *
 * Written by hand because it is the hottest loop of the agent: Buffer.indexOf is a native memchr, and no
 * stream-splitting library avoids per-line allocation.
 */
export type LineHandler = (
  bytes: Buffer,
  start: number,
  end: number,
  /** File offset of the first byte of the line. */
  lineOffset: number,
  /** File offset just past the line's newline. */
  nextOffset: number,
  truncated: boolean,
) => void;

const LF = 10;
const CR = 13;
/** First carry size: a typical log line's tail fits, so a busy file rarely grows it. */
const CARRY_START_BYTES = 512;
/** Largest carry kept between lines; a longer one (a long line's) is released when that line is complete. */
export const CARRY_KEPT_BYTES = 64 * 1024;
const EMPTY = Buffer.alloc(0);

export class LineFramer {
  private carry: Buffer = EMPTY;
  private carryLength = 0;
  /** File offset where the incomplete line starts, or -1 when there is none. */
  private carryOffset = -1;
  /** The incomplete line already exceeded the cap: its remaining bytes are skipped. */
  private overflowing = false;
  private completeEnd: number;

  constructor(
    private readonly maxLineBytes: number,
    private readonly onLine: LineHandler,
    startOffset = 0,
  ) {
    this.completeEnd = startOffset;
  }

  /** Offset just past the last complete line: the position it is safe to resume from. */
  get completeOffset(): number {
    return this.completeEnd;
  }

  get hasPartialLine(): boolean {
    return this.carryOffset >= 0;
  }

  /** Bytes held for a partial line (its capacity), for tests and memory accounting. */
  get carryCapacity(): number {
    return this.carry.length;
  }

  /** Forgets a partial line (after truncation of the file, or to skip to the next line on start_at: end). */
  reset(offset: number, skipFirstLine = false): void {
    this.carryLength = 0;
    this.carryOffset = skipFirstLine ? offset : -1;
    this.overflowing = skipFirstLine;
    this.completeEnd = offset;
    this.carry = EMPTY;
  }

  /** Feeds `chunk`, whose first byte sits at file offset `base`. */
  push(chunk: Buffer, base: number): void {
    const length = chunk.length;
    let pos = 0;
    if (this.carryOffset >= 0) {
      const newline = chunk.indexOf(LF);
      if (newline === -1) {
        this.appendCarry(chunk, 0, length);
        return;
      }
      this.appendCarry(chunk, 0, newline);
      this.finishCarry(base + newline + 1);
      pos = newline + 1;
    }
    const max = this.maxLineBytes;
    while (pos < length) {
      const newline = chunk.indexOf(LF, pos);
      if (newline === -1) {
        this.carryOffset = base + pos;
        this.appendCarry(chunk, pos, length);
        return;
      }
      let end = newline;
      if (end > pos && chunk[end - 1] === CR) end--;
      const next = base + newline + 1;
      if (end - pos > max) this.onLine(chunk, pos, pos + max, base + pos, next, true);
      else this.onLine(chunk, pos, end, base + pos, next, false);
      this.completeEnd = next;
      pos = newline + 1;
    }
  }

  private finishCarry(next: number): void {
    // Overflowing with nothing kept is the skip mode of reset(offset, true): that line produces no event.
    const skipping = this.overflowing && this.carryLength === 0;
    let end = this.carryLength;
    if (end > 0 && this.carry[end - 1] === CR) end--;
    const truncated = this.overflowing || end > this.maxLineBytes;
    if (end > this.maxLineBytes) end = this.maxLineBytes;
    const lineOffset = this.carryOffset;
    this.carryLength = 0;
    this.carryOffset = -1;
    this.overflowing = false;
    this.completeEnd = next;
    const carry = this.carry;
    if (carry.length > CARRY_KEPT_BYTES) this.carry = EMPTY;
    if (!skipping) this.onLine(carry, 0, end, lineOffset, next, truncated);
  }

  /** Keeps at most maxLineBytes + 1 bytes (the extra byte tells a CR before the newline from real overflow). */
  private appendCarry(source: Buffer, start: number, end: number): void {
    if (this.overflowing && this.carryLength === 0) return;
    const room = this.maxLineBytes + 1 - this.carryLength;
    const take = Math.min(room, end - start);
    if (take < end - start) this.overflowing = true;
    if (take <= 0) return;
    if (this.carryLength + take > this.carry.length) {
      const wanted = Math.max(CARRY_START_BYTES, this.carry.length * 2, this.carryLength + take);
      // Unpooled: a pooled slice would keep its whole 8 KiB pool alive for as long as the file is followed.
      const grown = Buffer.allocUnsafeSlow(Math.min(this.maxLineBytes + 1, wanted));
      this.carry.copy(grown, 0, 0, this.carryLength);
      this.carry = grown;
    }
    source.copy(this.carry, this.carryLength, start, start + take);
    this.carryLength += take;
  }
}
