/**
 * Which punctuation a value holds, as a bit mask computed in one pass: most detectors need one of a few
 * characters (`<` for a tag, `(` for a call, a quote for SQL after a string), so a bit test skips their
 * pattern on the many values without any, which is cheaper than trying it at every position. Characters
 * outside this set share no bit; any non-ASCII character sets one bit.
 */
const GATED = "<>'\"`()[]{};|&$\n%#!\\:@~=._ -+\u0000";
const NON_ASCII = 1 << GATED.length;
const BITS = new Uint32Array(128);
for (let i = 0; i < GATED.length; i++) BITS[GATED.charCodeAt(i)] = 1 << i;

/** The mask of the characters in `chars` (all must be in the gated set). */
export function maskOf(chars: string): number {
  let mask = 0;
  for (const c of chars) {
    const code = c.charCodeAt(0);
    const bit = code >= 128 ? NON_ASCII : (BITS[code] as number);
    if (bit === 0) throw new Error(`${JSON.stringify(c)} is not a gated character`);
    mask |= bit;
  }
  return mask;
}

/** The mask of the gated characters `text` holds. */
export function charMask(text: string): number {
  let mask = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    mask |= code >= 128 ? NON_ASCII : (BITS[code] as number);
  }
  return mask;
}
