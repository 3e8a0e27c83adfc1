/** Splits text into sentences: after . ! ? (or a line break) followed by white space. Good enough for tickets. */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
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
