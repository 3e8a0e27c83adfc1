/**
 * Tracks batches of one source in read order and reports the position up to which every batch was
 * delivered. Outputs may acknowledge out of order; the committed position only moves over a contiguous
 * prefix of delivered batches, so a checkpoint never skips an undelivered event.
 */
export class OrderedAcks {
  private readonly ends: number[] = [];
  private readonly done: boolean[] = [];
  private head = 0;
  /** Batches already removed from the front of the arrays; sequence numbers stay absolute. */
  private dropped = 0;
  private committedPosition: number;

  constructor(start: number) {
    this.committedPosition = start;
  }

  get committed(): number {
    return this.committedPosition;
  }

  /** Number of batches handed out and not yet covered by the committed position. */
  get pending(): number {
    return this.ends.length - this.head;
  }

  /** Registers a batch ending at `end` and returns its acknowledgement callback (idempotent). */
  track(end: number): () => void {
    const sequence = this.dropped + this.ends.length;
    this.ends.push(end);
    this.done.push(false);
    return () => {
      const index = sequence - this.dropped;
      if (index < this.head || this.done[index]) return;
      this.done[index] = true;
      this.advance();
    };
  }

  private advance(): void {
    while (this.head < this.ends.length && this.done[this.head]) {
      this.committedPosition = this.ends[this.head] as number;
      this.head++;
    }
    // Drop the delivered prefix now and then so long-running sources keep bounded arrays.
    if (this.head > 1024 && this.head * 2 > this.ends.length) {
      this.ends.splice(0, this.head);
      this.done.splice(0, this.head);
      this.dropped += this.head;
      this.head = 0;
    }
  }
}
