/**
 * Which detectors' gate words a value holds, found in one pass over it: an Aho-Corasick automaton over the
 * words of up to 32 detectors, flattened into a transition table, whose states carry the bit mask of the
 * detectors with a word ending there. Looking for each word with indexOf cost about 2.9 µs per URL, a fifth
 * of scoring an ordinary request, for about 80 words (bench/RESULTS.md). Written here rather than taken
 * from a package because those return the matches found, as arrays of objects, where this gate needs one
 * bit mask per value without allocating.
 */

/** Gate words are ASCII; any other character ends every partial match. */
const ALPHABET = 128;

export interface WordGate {
  /** Next state for each state and character: `delta[state * ALPHABET + code]`. */
  readonly delta: Uint16Array;
  /** The detectors (bits) with a word that ends in each state, its suffixes' words included. */
  readonly found: Uint32Array;
}

/**
 * The automaton for `wordsOf[bit]`, the gate words of the detector given that bit (at most 32 detectors,
 * ASCII words only).
 */
export function wordGate(wordsOf: readonly (readonly string[])[]): WordGate {
  if (wordsOf.length > 32) throw new Error(`a word gate holds at most 32 detectors, not ${wordsOf.length}`);
  // The trie, with its transitions in a map per state while it grows.
  const next: Map<number, number>[] = [new Map()];
  const found: number[] = [0];
  wordsOf.forEach((words, bit) => {
    for (const word of words) {
      if (word === '') throw new Error('a gate word is empty');
      let state = 0;
      for (let i = 0; i < word.length; i++) {
        const code = word.charCodeAt(i);
        if (code >= ALPHABET) throw new Error(`gate word ${JSON.stringify(word)} is not ASCII`);
        let to = next[state]?.get(code);
        if (to === undefined) {
          to = next.length;
          next.push(new Map());
          found.push(0);
          next[state]?.set(code, to);
        }
        state = to;
      }
      found[state] = (found[state] as number) | (1 << bit);
    }
  });
  if (next.length > 0xffff) throw new Error('too many gate words for one word gate');
  // Breadth first, each state's missing transitions are its failure state's, and it inherits its words.
  const delta = new Uint16Array(next.length * ALPHABET);
  const fail = new Uint16Array(next.length);
  const queue: number[] = [];
  for (let code = 0; code < ALPHABET; code++) {
    const to = next[0]?.get(code);
    if (to !== undefined) {
      delta[code] = to;
      queue.push(to);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head] as number;
    const failure = fail[state] as number;
    found[state] = (found[state] as number) | (found[failure] as number);
    for (let code = 0; code < ALPHABET; code++) {
      const to = next[state]?.get(code);
      if (to === undefined) delta[state * ALPHABET + code] = delta[failure * ALPHABET + code] as number;
      else {
        fail[to] = delta[failure * ALPHABET + code] as number;
        delta[state * ALPHABET + code] = to;
        queue.push(to);
      }
    }
  }
  return { delta, found: Uint32Array.from(found) };
}

/** The bits of the detectors that have a gate word in `text`. */
export function wordsIn(gate: WordGate, text: string): number {
  const { delta, found } = gate;
  let state = 0;
  let mask = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    state = code < ALPHABET ? (delta[state * ALPHABET + code] as number) : 0;
    mask |= found[state] as number;
  }
  return mask;
}
