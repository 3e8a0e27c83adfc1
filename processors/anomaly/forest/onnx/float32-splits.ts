/**
 * onnxruntime compares float32 inputs with float32 thresholds; the agent's rows are float64 and its forest
 * sends x left when x <= threshold. To take exactly the branch onnxruntime takes on Math.fround(x), without
 * rounding every row, each float32 threshold v becomes the largest double t with
 * x <= t ⇔ Math.fround(x) <= v: just below or at the midpoint between v and the next float32 up, depending
 * on which way that midpoint rounds (to even).
 */
const f32 = new Float32Array(1);
const f32Bits = new Int32Array(f32.buffer);
const f64 = new Float64Array(1);
const f64Bits = new BigInt64Array(f64.buffer);

/** Half an ulp above the largest float32: from there on, Math.fround gives Infinity. */
const FLOAT32_OVERFLOW = 2 ** 128 - 2 ** 103;

/** The next float32 above `v` (a finite float32 value). */
function nextFloat32(v: number): number {
  if (v === 0) return 2 ** -149;
  f32[0] = v;
  f32Bits[0] = (f32Bits[0] as number) + (v > 0 ? 1 : -1);
  return f32[0] as number;
}

/** The next float32 below `v` (a finite float32 value). */
export function previousFloat32(v: number): number {
  return -nextFloat32(-v);
}

/** The next double below `x` (finite, non-zero). */
function previousDouble(x: number): number {
  f64[0] = x;
  f64Bits[0] = (f64Bits[0] as bigint) + (x > 0 ? -1n : 1n);
  return f64[0] as number;
}

/** For a finite float32 threshold `v`: the double t with x <= t exactly when Math.fround(x) <= v. */
export function float32Split(v: number): number {
  if (!Number.isFinite(v) || Math.fround(v) !== v) throw new RangeError(`${v} is not a finite float32 value`);
  const up = nextFloat32(v);
  // Exact in double: two neighbouring float32 values differ in the last of 24 bits.
  const middle = Number.isFinite(up) ? (v + up) / 2 : FLOAT32_OVERFLOW;
  return Math.fround(middle) === v ? middle : previousDouble(middle);
}
