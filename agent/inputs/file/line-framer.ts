/**
 * Splits a byte stream into lines without decoding or copying complete lines: the handler gets the buffer
 * and a byte range, and decides itself whether to make a string. Only the incomplete tail of a read is
 * copied (into a carry buffer capped at `maxLineBytes`). Handles CRLF, lines spanning many reads, and lines
 * longer than the cap (truncated to the cap and flagged; the rest is skipped up to the newline).
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

export class LineFramer {
  private carry: Buffer;
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
    this.carry = Buffer.allocUnsafe(Math.min(maxLineBytes + 1, 64 * 1024));
    this.completeEnd = startOffset;
  }

  /** Offset just past the last complete line: the position it is safe to resume from. */
  get completeOffset(): number {
    return this.completeEnd;
  }

  get hasPartialLine(): boolean {
    return this.carryOffset >= 0;
  }

  /** Forgets a partial line (after truncation of the file, or to skip to the next line on start_at: end). */
  reset(offset: number, skipFirstLine = false): void {
    this.carryLength = 0;
    this.carryOffset = skipFirstLine ? offset : -1;
    this.overflowing = skipFirstLine;
    this.completeEnd = offset;
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
    if (!skipping) this.onLine(this.carry, 0, end, lineOffset, next, truncated);
  }

  /** Keeps at most maxLineBytes + 1 bytes (the extra byte tells a CR before the newline from real overflow). */
  private appendCarry(source: Buffer, start: number, end: number): void {
    if (this.overflowing && this.carryLength === 0) return;
    const room = this.maxLineBytes + 1 - this.carryLength;
    const take = Math.min(room, end - start);
    if (take < end - start) this.overflowing = true;
    if (take <= 0) return;
    if (this.carryLength + take > this.carry.length) {
      const grown = Buffer.allocUnsafe(Math.min(this.maxLineBytes + 1, Math.max(this.carry.length * 2, this.carryLength + take)));
      this.carry.copy(grown, 0, 0, this.carryLength);
      this.carry = grown;
    }
    source.copy(this.carry, this.carryLength, start, start + take);
    this.carryLength += take;
  }
}
