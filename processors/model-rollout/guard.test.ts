import { describe, expect, it } from 'vitest';
import { guardSchema } from './config.js';
import { judge } from './guard.js';

const settings = guardSchema.parse({ min_events: 100 });

describe('roll-out guard', () => {
  it('waits until both models gave min_events results', () => {
    expect(judge({ events: 1000, errors: 0, flagged: 10 }, { events: 99, errors: 0, flagged: 99 }, settings)).toBeUndefined();
    expect(judge({ events: 99, errors: 0, flagged: 1 }, { events: 1000, errors: 0, flagged: 1000 }, settings)).toBeUndefined();
  });

  it('rolls back on an error rate more than the band above the current model’s', () => {
    expect(judge({ events: 1000, errors: 10, flagged: undefined }, { events: 100, errors: 3, flagged: undefined }, settings)).toBeUndefined();
    const verdict = judge({ events: 1000, errors: 10, flagged: undefined }, { events: 95, errors: 5, flagged: undefined }, settings);
    expect(verdict?.reason).toBe('error_rate');
    expect(verdict?.figures).toMatchObject({ candidate_error_rate: 0.05, current_error_rate: 0.0099, band: 0.02 });
  });

  it('counts a candidate that only fails towards min_events', () => {
    expect(judge({ events: 500, errors: 0, flagged: undefined }, { events: 0, errors: 100, flagged: undefined }, settings)?.reason).toBe('error_rate');
  });

  it('rolls back on a flagged rate outside absolute + relative × the current rate, either way', () => {
    // Current 10 %: allowed ±(0.02 + 0.5 × 0.1) = ±7 points.
    const current = { events: 1000, errors: 0, flagged: 100 };
    expect(judge(current, { events: 200, errors: 0, flagged: 33 }, settings)).toBeUndefined();
    expect(judge(current, { events: 200, errors: 0, flagged: 35 }, settings)?.reason).toBe('flagged_rate');
    expect(judge(current, { events: 200, errors: 0, flagged: 5 }, settings)?.reason).toBe('flagged_rate');
    expect(judge(current, { events: 200, errors: 0, flagged: 200 }, settings)?.figures).toMatchObject({ candidate_flagged_rate: 1, current_flagged_rate: 0.1, allowed_difference: 0.07 });
  });

  it('does not judge flagged rates where flagging means nothing, nor when disabled', () => {
    expect(judge({ events: 1000, errors: 0, flagged: undefined }, { events: 1000, errors: 0, flagged: undefined }, settings)).toBeUndefined();
    const off = guardSchema.parse({ enabled: false, min_events: 1 });
    expect(judge({ events: 1000, errors: 0, flagged: 0 }, { events: 1000, errors: 1000, flagged: 1000 }, off)).toBeUndefined();
  });
});
