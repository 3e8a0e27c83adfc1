/** A line that starts a list item ("- ", "* ", "• ", "1. ", "2) "): not a wrapped continuation of the line before. */
const LIST_ITEM = /^(?:[-*•]|\d{1,2}[.)])\s/u;
/** A line that ends a sentence or introduces something (": "). */
const LINE_END = /[.!?:;]$/u;

/**
 * Splits text into sentences: after . ! ? followed by white space, and at line breaks that end a sentence,
 * a paragraph or a list item. A line break inside a sentence (mail clients wrap plain text at about 72
 * characters) joins the two lines, so a wrapped sentence stays one sentence.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const paragraph of text.split(/\n\s*\n/u)) {
    let joined = '';
    for (const raw of paragraph.split('\n')) {
      const line = raw.trim();
      if (line === '') continue;
      if (joined === '') joined = line;
      else if (LINE_END.test(joined) || LIST_ITEM.test(line)) {
        pushSentences(joined, sentences);
        joined = line;
      } else joined = `${joined} ${line}`;
    }
    pushSentences(joined, sentences);
  }
  return sentences;
}

function pushSentences(text: string, into: string[]): void {
  for (const part of text.split(/(?<=[.!?])\s+/u)) {
    const sentence = part.trim();
    if (sentence !== '') into.push(sentence);
  }
}

/** Where a sentence may be cut into clauses: after , ; : and before a conjunction that starts one. */
// The run of spaces before a conjunction is read from its start only, so a long run is read once.
const CLAUSE_BREAK = /(?<=[,;:])\s+|(?<!\s)\s+(?=(?:but|so|because|although|though|which|while|whereas|since|otherwise)\s)/u;
/** A clause shorter than this stays with the one before it ("Hi,", "So far,"): too short to stand alone. */
const MIN_CLAUSE = 20;

/**
 * Cuts sentences into clauses, for summaries finer than a sentence: tickets' sentences are long (a third
 * of them would fill max_chars alone), and often only one clause of one states the problem.
 */
export function splitClauses(sentences: readonly string[]): string[] {
  const clauses: string[] = [];
  for (const sentence of sentences) {
    const start = clauses.length;
    for (const part of sentence.split(CLAUSE_BREAK)) {
      const last = clauses[clauses.length - 1];
      if (clauses.length > start && last !== undefined && (last.length < MIN_CLAUSE || part.length < MIN_CLAUSE)) clauses[clauses.length - 1] = `${last} ${part}`;
      else clauses.push(part);
    }
  }
  return clauses;
}

/**
 * Joins chosen units (sentences or clauses, by index) in their original order. A clause whose next clause
 * was left out ends with a full stop instead of its comma, and one whose previous clause was left out
 * starts with a capital, so the summary reads as sentences.
 */
export function joinUnits(units: readonly string[], chosen: readonly number[]): string {
  const set = new Set(chosen);
  return [...chosen]
    .sort((a, b) => a - b)
    .map((i) => {
      let unit = units[i] as string;
      if (!set.has(i + 1) && /[,;:]$/u.test(unit)) unit = `${unit.slice(0, -1)}.`;
      if (!set.has(i - 1) && /^\p{Ll}/u.test(unit)) unit = (unit[0] as string).toUpperCase() + unit.slice(1);
      return unit;
    })
    .join(' ');
}

/**
 * Extractive choice: sentences ranked by relevance (for the summarizer, similarity to the whole text),
 * taken in that order while they fit in `maxChars`, returned in their original order.
 */
export function chooseSentences(sentences: string[], relevance: number[], maxChars: number): string {
  const ranked = sentences.map((s, i) => ({ s, i, score: relevance[i] ?? 0 })).sort((a, b) => b.score - a.score);
  const chosen: { s: string; i: number }[] = [];
  let length = 0;
  // Best first, stopping at the first that does not fit: short low-ranked filler ("Hello team.") stays out.
  for (const candidate of ranked) {
    const extra = candidate.s.length + (chosen.length > 0 ? 1 : 0);
    if (length + extra > maxChars) break;
    chosen.push(candidate);
    length += extra;
  }
  if (chosen.length === 0) {
    const best = ranked[0]?.s ?? '';
    return best.length <= maxChars ? best : `${best.slice(0, maxChars - 1).trimEnd()}…`;
  }
  return chosen
    .sort((a, b) => a.i - b.i)
    .map((c) => c.s)
    .join(' ');
}
