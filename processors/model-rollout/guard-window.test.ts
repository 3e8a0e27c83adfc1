import { describe, expect, it } from 'vitest';
import { WindowedTally } from './guard-window.js';

describe('WindowedTally', () => {
  it('sums what came within the window and forgets what is older', () => {
    let now = 0;
    const tally = new WindowedTally(60_000, true, () => now);
    tally.add(100, 0, 5);
    now = 30_000;
    tally.add(100, 10, 50);
    expect(tally.tally()).toEqual({ events: 200, errors: 10, flagged: 55 });
    now = 65_000;
    expect(tally.tally()).toEqual({ events: 100, errors: 10, flagged: 50 });
    now = 95_000;
    expect(tally.tally()).toEqual({ events: 0, errors: 0, flagged: 0 });
  });

  it('reuses a bucket slot for a later period without adding the old counts', () => {
    let now = 0;
    const tally = new WindowedTally(10_000, false, () => now);
    tally.add(7, 1, 0);
    now = 10_000; // same slot (10 buckets of 1 s), one window later
    tally.add(3, 0, 0);
    expect(tally.tally()).toEqual({ events: 3, errors: 0, flagged: undefined });
  });
});
