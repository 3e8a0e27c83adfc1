import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { describe, expect, it } from 'vitest';
import { float32Split, previousFloat32 } from './float32-splits.js';

/** Doubles on both sides of `v` and of the float32 values next to it, down to the last bit. */
function around(v: number): number[] {
  const near = [v, previousFloat32(v), -previousFloat32(-v)];
  const out: number[] = [];
  for (const x of near) {
    if (!Number.isFinite(x)) continue;
    const ulp = Math.max(Math.abs(x) * 2 ** -52, Number.MIN_VALUE);
    const half = Math.max(Math.abs(x) * 2 ** -24, 2 ** -150);
    for (const d of [0, ulp, -ulp, half, -half, half + ulp, half - ulp, -half + ulp, -half - ulp, 3 * half]) out.push(x + d);
  }
  return out;
}

describe('float32 splits on float64 rows', () => {
  it('sends a double left exactly when its float32 rounding is at most the threshold', () => {
    const rng = xoroshiro128plus(3);
    const thresholds = [0, -0, 1, -1, Math.fround(0.1), 2 ** -149, -(2 ** -149), 2 ** -126, 3.4028234663852886e38, -3.4028234663852886e38, 16777216, 16777218, 0.5, 1.5];
    for (let i = 0; i < 2000; i++) {
      const scale = 10 ** uniformInt(rng, -40, 38);
      thresholds.push(Math.fround((uniformFloat64(rng) - 0.5) * scale));
    }
    for (const v of thresholds) {
      const t = float32Split(v);
      for (const x of around(v)) expect(x <= t, `x ${x}, threshold ${v}, split ${t}`).toBe(Math.fround(x) <= v);
    }
  });

  it('refuses values that are not finite float32 numbers', () => {
    expect(() => float32Split(0.1)).toThrow(RangeError);
    expect(() => float32Split(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
