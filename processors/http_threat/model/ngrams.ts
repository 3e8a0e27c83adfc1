/**
 * Hashed character n-grams of a normalised field value: every substring of ngram_min to ngram_max
 * characters (the value framed by a start and an end mark, so "whoami" as a whole value differs from
 * "whoami" inside one) is hashed, with a seed per field, to one of 2^hash_bits slots. Scoring walks the
 * value once over its char codes and adds the weight of each slot it hits: no strings, no arrays, no
 * allocation per event. Each occurrence counts 1 and a field's n-grams are scaled by 1/√count, so a long
 * value does not outweigh a short one and each field's share of the margin can be computed (and cached)
 * apart from the others.
 */

export interface NgramSettings {
  readonly min: number;
  readonly max: number;
  /** log2 of the number of slots. */
  readonly bits: number;
}

/** The seed of each field: the same n-gram in the URL and in the User-Agent hashes to different slots. */
export const FIELD_SEEDS = { url: 0x2b7e1516, user_agent: 0x28aed2a6, referrer: 0x3c4fcf09 } as const;
export type ModelField = keyof typeof FIELD_SEEDS;
export const MODEL_FIELDS: readonly ModelField[] = ['url', 'user_agent', 'referrer'];

const START = 2;
const END = 3;

/** The char code at position i of the framed value: START before it, END after it. */
function codeAt(text: string, i: number): number {
  return i < 0 ? START : i >= text.length ? END : text.charCodeAt(i);
}

/** One FNV-1a step. */
const step = (hash: number, code: number): number => Math.imul(hash ^ code, 0x01000193);
/** Mixes the high bits into the low ones, which the mask keeps (FNV's low bits alone are weak). */
const slot = (hash: number, mask: number): number => (Math.imul(hash ^ (hash >>> 16), 0x45d9f3b) ^ (hash >>> 13)) & mask;

/** How many n-grams a value of `length` characters has, framed. */
export function ngramCount(length: number, { min, max }: NgramSettings): number {
  const framed = length + 2;
  let count = 0;
  for (let n = min; n <= max; n++) count += Math.max(0, framed - n + 1);
  return count;
}

/** The framed value's char codes, reused from call to call (scoring runs on one thread, one value at a time). */
let framed = new Int32Array(256);

/** Σ weights[slot] over the value's n-grams, divided by √count: the field's share of the margin. */
export function fieldMargin(text: string, seed: number, weights: Float32Array, settings: NgramSettings): number {
  const { min, max } = settings;
  const mask = (1 << settings.bits) - 1;
  // Framed positions: 0 is the start mark, 1…text.length the characters, text.length + 1 the end mark; the
  // n-grams are visited and summed in the order forEachNgram visits them, so the sum is the same to the bit.
  const last = text.length + 1;
  if (framed.length <= last) framed = new Int32Array(2 * (last + 1));
  const codes = framed;
  codes[0] = START;
  for (let i = 0; i < text.length; i++) codes[i + 1] = text.charCodeAt(i);
  codes[last] = END;
  let sum = 0;
  for (let start = 0; start <= last; start++) {
    let hash = seed;
    const end = Math.min(max, last - start + 1);
    for (let n = 1; n <= end; n++) {
      hash = step(hash, codes[start + n - 1] as number);
      if (n >= min) sum += weights[slot(hash, mask)] as number;
    }
  }
  const count = ngramCount(text.length, settings);
  return count === 0 ? 0 : sum / Math.sqrt(count);
}

/**
 * The slots of the value's n-grams, in the order fieldMargin sums them, for weighing one value by several
 * models (the slots depend on the value and the seed only). Allocates: for explaining a detection.
 */
export function ngramSlots(text: string, seed: number, settings: NgramSettings): Int32Array {
  const slots = new Int32Array(ngramCount(text.length, settings));
  let count = 0;
  forEachNgram(text, seed, settings, (index) => {
    slots[count++] = index;
  });
  return slots;
}

/** Σ weights[slot] over the slots, divided by √(their number): what fieldMargin gives for the same value. */
export function slotMargin(slots: Int32Array, weights: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < slots.length; i++) sum += weights[slots[i] as number] as number;
  return slots.length === 0 ? 0 : sum / Math.sqrt(slots.length);
}

/**
 * Calls visit(slot, start, length) for each n-gram of the value, in the order fieldMargin reads them
 * (start is -1 for the start mark, text.length for the end mark). For training and for explaining a
 * verdict, where allocation does not matter.
 */
export function forEachNgram(text: string, seed: number, settings: NgramSettings, visit: (slot: number, start: number, length: number) => void): void {
  const { min, max } = settings;
  const mask = (1 << settings.bits) - 1;
  const last = text.length;
  for (let start = -1; start <= last; start++) {
    let hash = seed;
    for (let n = 1; n <= max && start + n - 1 <= last; n++) {
      hash = step(hash, codeAt(text, start + n - 1));
      if (n >= min) visit(slot(hash, mask), start, n);
    }
  }
}

/**
 * The part of the value that pushed the margin up most: each n-gram's weight is spread over the characters
 * it covers, and the window of up to `width` characters with the largest sum is returned (empty when no
 * character has a positive share).
 */
export function topWindow(text: string, seed: number, weights: Float32Array, settings: NgramSettings, width: number): string {
  if (text.length === 0) return '';
  const share = new Float64Array(text.length);
  forEachNgram(text, seed, settings, (index, start, length) => {
    const w = (weights[index] as number) / length;
    for (let i = Math.max(0, start); i < Math.min(text.length, start + length); i++) share[i] = (share[i] as number) + w;
  });
  let best = -Infinity;
  let bestStart = 0;
  let sum = 0;
  const span = Math.min(width, text.length);
  for (let i = 0; i < text.length; i++) {
    sum += share[i] as number;
    if (i >= span) sum -= share[i - span] as number;
    if (i >= span - 1 && sum > best) {
      best = sum;
      bestStart = i - span + 1;
    }
  }
  if (best <= 0) return '';
  // Trim the ends that lowered the sum, so the window starts and ends on characters that count.
  let from = bestStart;
  let to = bestStart + span;
  while (from < to - 1 && (share[from] as number) <= 0) from++;
  while (to > from + 1 && (share[to - 1] as number) <= 0) to--;
  return text.slice(from, to);
}
