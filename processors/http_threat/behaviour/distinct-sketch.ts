/**
 * Distinct counts in a few bits: a value sets one bit of a small bitmap chosen by its hash, and the count is
 * read back by linear counting (Whang et al. 1990), n ≈ m · ln(m / empty bits). Bitmaps of a window's buckets
 * are OR-ed, so the window's distinct count needs no per-client set of strings and its memory is fixed.
 */

/** FNV-1a over the UTF-16 code units of `text`: no allocation, good enough spread for one bit index. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Sets the bit of `hash` in the bitmap of `words` 32-bit words at `offset`. */
export function addHash(bits: Uint32Array, offset: number, words: number, hash: number): void {
  const bit = hash % (words * 32);
  bits[offset + (bit >>> 5)] = (bits[offset + (bit >>> 5)] as number) | (1 << (bit & 31));
}

/** Set bits in one 32-bit word (population count). */
function popcount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/**
 * The distinct values behind a bitmap given as its set-bit count out of `bitCount`: the estimate saturates
 * at m · ln(m) when every bit is set.
 */
export function estimateDistinct(setBits: number, bitCount: number): number {
  const empty = bitCount - setBits;
  return bitCount * Math.log(bitCount / Math.max(empty, 1));
}

/** Set bits of the OR of the bitmaps at `offsets[0..count)` (each `words` long). */
export function unionBits(bits: Uint32Array, offsets: Int32Array, count: number, words: number): number {
  let set = 0;
  for (let w = 0; w < words; w++) {
    let word = 0;
    for (let i = 0; i < count; i++) word |= bits[(offsets[i] as number) + w] as number;
    set += popcount(word >>> 0);
  }
  return set;
}
