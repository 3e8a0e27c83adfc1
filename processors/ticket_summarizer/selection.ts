/**
 * Sentence selection for extractive summaries, in the manner of maximal marginal relevance (MMR): each
 * sentence's relevance is a weighted sum of its similarity to the whole ticket, its similarity to the
 * ticket's subject (the customer's own one-line statement of the problem) and a bonus for coming early
 * (customers state the problem first); sentences are taken greedily by relevance minus a penalty for being
 * similar to one already taken, while they fit in max_chars, and returned in their original order. Units
 * with a figure (an order number, an amount, a date) get a bonus: they hold what support staff act on.
 */
import { joinUnits } from './sentences.js';

export interface SelectionWeights {
  /** What is chosen: whole sentences, or clauses of them (splitClauses). */
  readonly units: 'sentences' | 'clauses';
  /** Weight of the cosine similarity to the whole ticket. */
  readonly ticket: number;
  /** Weight of the cosine similarity to the subject (ignored for a ticket without one). */
  readonly subject: number;
  /** Weight of the position bonus 1 / (1 + index): 1 for the first sentence, 0.5 for the second, … */
  readonly position: number;
  /** Bonus for a unit with a digit in it (order numbers, amounts, dates, error codes). */
  readonly facts: number;
  /** MMR penalty: times the highest similarity to a sentence already chosen. 0 ranks by relevance alone. */
  readonly redundancy: number;
}

export interface SentenceScores {
  /** Cosine similarity of each sentence to the whole ticket. */
  readonly ticket: readonly number[];
  /** Cosine similarity of each sentence to the subject, when the ticket has one. */
  readonly subject?: readonly number[] | undefined;
  /** Cosine similarity between sentences i and j (needed only with a redundancy penalty). */
  readonly between?: ((i: number, j: number) => number) | undefined;
}

const FIGURE = /\d/u;

export function relevance(sentences: readonly string[], scores: SentenceScores, weights: SelectionWeights): number[] {
  return scores.ticket.map(
    (toTicket, i) => weights.ticket * toTicket + weights.subject * (scores.subject?.[i] ?? 0) + weights.position / (1 + i) + (FIGURE.test(sentences[i] as string) ? weights.facts : 0),
  );
}

/**
 * Greedy MMR within maxChars: the best remaining sentence by relevance − redundancy × (similarity to the
 * closest chosen one) is taken if it fits; the first that does not fit ends the choice, so short
 * low-ranked filler ("Hello team.") does not slip into the space left. A single best sentence longer than
 * maxChars is cut with an ellipsis.
 */
export function selectSentences(sentences: readonly string[], scores: SentenceScores, weights: SelectionWeights, maxChars: number): string {
  if (sentences.length === 0) return '';
  const base = relevance(sentences, scores, weights);
  const closest = new Array<number>(sentences.length).fill(0);
  const chosen: number[] = [];
  const taken = new Array<boolean>(sentences.length).fill(false);
  let length = 0;
  for (;;) {
    let best = -1;
    let bestScore = -Infinity;
    for (let i = 0; i < sentences.length; i++) {
      if (taken[i] === true) continue;
      const score = (base[i] as number) - weights.redundancy * (closest[i] as number);
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    if (best < 0) break;
    const sentence = sentences[best] as string;
    const extra = sentence.length + (chosen.length > 0 ? 1 : 0);
    if (length + extra > maxChars) {
      if (chosen.length === 0) return `${sentence.slice(0, maxChars - 1).trimEnd()}…`;
      break;
    }
    chosen.push(best);
    taken[best] = true;
    length += extra;
    if (weights.redundancy !== 0 && scores.between !== undefined) {
      for (let i = 0; i < sentences.length; i++) if (taken[i] !== true) closest[i] = Math.max(closest[i] as number, scores.between(i, best));
    }
  }
  return joinUnits(sentences, chosen);
}
