/**
 * Writes `ticket.summary` for support tickets with a summary strategy (extractive by default, abstractive
 * with a seq2seq model: see strategies.ts). Inference runs in a model worker, batched across events.
 */
import { getField, setField } from '../../agent/kit.js';
import type { ModelTask } from '../model-processor.js';
import type { OutcomeProfile } from '../model-rollout/model-rollout.js';
import type { SummaryStrategy } from './strategies.js';

export function ticketSummaries(strategy: SummaryStrategy, subjectField: string): ModelTask<string, string> {
  return {
    infer: (texts, events) =>
      strategy.summarize(
        texts,
        (events ?? []).map((event) => {
          const subject = getField(event, subjectField);
          return typeof subject === 'string' && subject.trim() !== '' ? subject : undefined;
        }),
      ),
    outcome: (_text, summary) => summary ?? '',
    write: (event, summary, shadow) => setField(event, shadow ? 'ticket.summarizer.shadow.summary' : 'ticket.summary', summary),
  };
}

/** The lower-case words of a text, as a multiset. */
function words(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/** F1 of the words two summaries share (ROUGE-1 between them): 1 for the same words, 0 for none in common. */
export function wordOverlap(a: string, b: string): number {
  const x = words(a);
  const y = words(b);
  let shared = 0;
  let sizeX = 0;
  let sizeY = 0;
  for (const n of x.values()) sizeX += n;
  for (const n of y.values()) sizeY += n;
  if (sizeX === 0 && sizeY === 0) return 1;
  for (const [word, n] of x) shared += Math.min(n, y.get(word) ?? 0);
  return (2 * shared) / (sizeX + sizeY);
}

/** Summaries agree when they are the same text; nothing is flagged, and there is no score to compare. */
export const summaryProfile: OutcomeProfile<string> = {
  agree: (a, b) => a === b,
  similarity: wordOverlap,
};
