/**
 * Copies of the batches appended since the last successful fsync, in order. A failed write or fsync can
 * leave acknowledged bytes out of the file (Linux may drop the pages of a failed writeback), so they are
 * appended again through a fresh handle before anything else is acknowledged.
 *
 * The copies go into one reused buffer rather than a new one per batch: at a few hundred MiB/s, per-batch
 * copies left tens of MiB of garbage between collections.
 */
const MIN_CAPACITY = 64 * 1024;
/**
 * Once everything is synced, a buffer above this size that was mostly unused since the last time is let go,
 * so that a burst does not pin memory for good; a steady fast writer keeps reusing its buffer.
 */
const KEEP_CAPACITY = 1024 * 1024;

export class UnsyncedBytes {
  private buffer = Buffer.alloc(0);
  private used = 0;
  /** The most bytes kept at once since everything was last synced. */
  private peak = 0;
  /** End offset in `buffer` of each kept batch, in order. */
  private ends: number[] = [];
  /** Sequence number of `ends[0]`: marks stay valid while a concurrent fsync runs and batches are added. */
  private first = 0;

  /** @param limit The most bytes kept; the caller fsyncs instead of keeping more. */
  constructor(readonly limit: number) {}

  get bytes(): number {
    return this.used;
  }

  /** Whether `length` more bytes may be kept. */
  fits(length: number): boolean {
    return this.used + length <= this.limit;
  }

  /**
   * A copy of everything kept, to append again. A copy because a concurrent fsync that succeeds may forget
   * (and move) bytes while they are being appended; this happens only after a failure.
   */
  copy(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.used));
  }

  /** Keeps a copy: the encoder reuses its buffer for the next batch. */
  keep(data: Uint8Array): void {
    const needed = this.used + data.length;
    if (needed > this.buffer.length) this.grow(needed);
    this.buffer.set(data, this.used);
    this.used = needed;
    this.peak = Math.max(this.peak, needed);
    this.ends.push(needed);
  }

  /** A mark after everything kept so far, taken before an fsync starts. */
  mark(): number {
    return this.first + this.ends.length;
  }

  /** Forgets what was kept before `mark`, once an fsync that started after the mark succeeded. */
  forget(mark: number): void {
    const count = Math.min(mark - this.first, this.ends.length);
    if (count <= 0) return;
    const cut = this.ends[count - 1] as number;
    this.buffer.copyWithin(0, cut, this.used);
    this.used -= cut;
    this.ends = this.ends.slice(count).map((end) => end - cut);
    this.first += count;
    if (this.used > 0) return;
    if (this.buffer.length > KEEP_CAPACITY && this.peak < this.buffer.length / 4) this.buffer = Buffer.alloc(0);
    this.peak = 0;
  }

  private grow(needed: number): void {
    const capacity = Math.max(needed, Math.min(this.limit, Math.max(MIN_CAPACITY, this.buffer.length * 2)));
    const next = Buffer.allocUnsafe(capacity);
    this.buffer.copy(next, 0, 0, this.used);
    this.buffer = next;
  }
}
