/**
 * The results the guard judges when `guard.window` is set: each model's events, errors and flagged results
 * of the last `window`, kept in ten time buckets, so a candidate that goes wrong after hours of good service
 * is judged on what it does now rather than diluted by everything since the processor was built.
 */
import type { Tally } from './guard.js';

const BUCKETS = 10;

interface Bucket {
  start: number;
  events: number;
  errors: number;
  flagged: number;
}

export class WindowedTally {
  private readonly buckets: Bucket[] = Array.from({ length: BUCKETS }, () => ({ start: -Infinity, events: 0, errors: 0, flagged: 0 }));
  private readonly bucketMs: number;

  constructor(
    windowMs: number,
    private readonly countsFlagged: boolean,
    private readonly now: () => number = Date.now,
  ) {
    this.bucketMs = Math.max(1, Math.ceil(windowMs / BUCKETS));
  }

  add(events: number, errors: number, flagged: number): void {
    const bucket = this.current();
    bucket.events += events;
    bucket.errors += errors;
    bucket.flagged += flagged;
  }

  /** The sums over the buckets that started within the window. */
  tally(): Tally {
    const oldest = this.bucketStart(this.now()) - (BUCKETS - 1) * this.bucketMs;
    let events = 0;
    let errors = 0;
    let flagged = 0;
    for (const bucket of this.buckets) {
      if (bucket.start < oldest) continue;
      events += bucket.events;
      errors += bucket.errors;
      flagged += bucket.flagged;
    }
    return { events, errors, flagged: this.countsFlagged ? flagged : undefined };
  }

  private bucketStart(time: number): number {
    return Math.floor(time / this.bucketMs) * this.bucketMs;
  }

  private current(): Bucket {
    const start = this.bucketStart(this.now());
    const bucket = this.buckets[Math.floor(start / this.bucketMs) % BUCKETS] as Bucket;
    if (bucket.start !== start) {
      bucket.start = start;
      bucket.events = 0;
      bucket.errors = 0;
      bucket.flagged = 0;
    }
    return bucket;
  }
}
