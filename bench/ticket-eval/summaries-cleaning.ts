/**
 * How well cleaning recovers a ticket's body from its raw text: whether the cleaned text is the body (white
 * space aside) or at least contains every sentence of it, how many noise words are left (words of the cleaned
 * text beyond the body's) and how many body words were lost.
 */
import { splitSentences } from '../../processors/ticket_summarizer/sentences.js';

export interface CleaningCase {
  readonly raw: string;
  readonly body: string;
  readonly cleaned: string;
}

export interface CleaningFigures {
  readonly tickets: number;
  /** Cleaned text equal to the body, white space aside. */
  readonly exact: number;
  /** Cleaned text containing every sentence of the body (exact ones included). */
  readonly allSentences: number;
  /** Words of the raw texts beyond their bodies'. */
  readonly noiseWords: number;
  /** Of those, left in the cleaned texts. */
  readonly noiseWordsLeft: number;
  /** Tickets with any noise word left. */
  readonly ticketsWithNoiseLeft: number;
  readonly bodyWords: number;
  /** Body words missing from the cleaned texts. */
  readonly bodyWordsLost: number;
}

const squash = (text: string) => text.replace(/\s+/gu, ' ').trim();
const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** Size of the multiset difference a − b. */
export function wordsBeyond(a: string, b: string): number {
  const counts = new Map<string, number>();
  for (const w of words(b)) counts.set(w, (counts.get(w) ?? 0) + 1);
  let beyond = 0;
  for (const w of words(a)) {
    const left = counts.get(w) ?? 0;
    if (left > 0) counts.set(w, left - 1);
    else beyond++;
  }
  return beyond;
}

export function cleaningFigures(cases: readonly CleaningCase[]): CleaningFigures {
  let exact = 0;
  let allSentences = 0;
  let noiseWords = 0;
  let noiseWordsLeft = 0;
  let ticketsWithNoiseLeft = 0;
  let bodyWords = 0;
  let bodyWordsLost = 0;
  for (const { raw, body, cleaned } of cases) {
    const text = squash(cleaned);
    if (text === squash(body)) exact++;
    if (splitSentences(body).every((s) => text.includes(squash(s)))) allSentences++;
    noiseWords += wordsBeyond(raw, body);
    const left = wordsBeyond(cleaned, body);
    noiseWordsLeft += left;
    if (left > 0) ticketsWithNoiseLeft++;
    bodyWords += words(body).length;
    bodyWordsLost += wordsBeyond(body, cleaned);
  }
  return { tickets: cases.length, exact, allSentences, noiseWords, noiseWordsLeft, ticketsWithNoiseLeft, bodyWords, bodyWordsLost };
}
