/**
 * How summaries are made for a batch of ticket texts: extractive (sentences chosen by similarity to the whole
 * ticket and to its subject, position and a redundancy penalty: selection.ts; one embedding for the ticket,
 * one for its subject and one per sentence) or abstractive (a seq2seq model writes it, cut to max_chars).
 * Either way a text already that short is its own summary and costs no inference.
 */
import type { InferenceService } from '../../models/inference/inference-service.js';
import type { SummarizeItem } from '../../models/seq2seq-summarizer.js';
import { cosine } from '../../models/vectors.js';
import { selectSentences, type SelectionWeights } from './selection.js';
import { chooseSentences, splitClauses, splitSentences } from './sentences.js';

export interface SummaryStrategy {
  /** `subjects[i]`: the subject of ticket i, if it has one (only the extractive strategy reads it). */
  summarize(texts: string[], subjects: readonly (string | undefined)[]): Promise<string[]>;
}

interface LongTicket {
  index: number;
  /** Sentences or clauses, as weights.units says. */
  sentences: string[];
  subject: string | undefined;
}

export function extractiveStrategy(service: InferenceService<string, Float32Array>, maxChars: number, weights: SelectionWeights): SummaryStrategy {
  const subjectWanted = weights.subject !== 0;
  return {
    async summarize(texts, subjects) {
      const summaries: string[] = [];
      const long: LongTicket[] = [];
      texts.forEach((text, index) => {
        const sentences = splitSentences(text);
        if (text.length <= maxChars || sentences.length <= 1) summaries[index] = chooseSentences(sentences, [], maxChars) || text;
        else long.push({ index, sentences: weights.units === 'clauses' ? splitClauses(sentences) : sentences, subject: subjectWanted ? subjects[index] : undefined });
      });
      // The ticket's own embedding, its subject's, then its sentences'. The mean of the sentence vectors
      // instead of the ticket's (one inference less) picked generic sentences: ROUGE-1 0.30 where ranking by
      // the ticket's own vector got 0.37 (bench:tickets).
      const vectors = await service.run(long.flatMap(({ index, sentences, subject }) => [texts[index] as string, ...(subject === undefined ? [] : [subject]), ...sentences]));
      let offset = 0;
      for (const { index, sentences, subject } of long) {
        const whole = vectors[offset++] as Float32Array;
        const subjectVector = subject === undefined ? undefined : (vectors[offset++] as Float32Array);
        const own = vectors.slice(offset, offset + sentences.length);
        offset += sentences.length;
        const scores = {
          ticket: own.map((v) => cosine(v, whole)),
          subject: subjectVector && own.map((v) => cosine(v, subjectVector)),
          between: (i: number, j: number) => cosine(own[i] as Float32Array, own[j] as Float32Array),
        };
        summaries[index] = selectSentences(sentences, scores, weights, maxChars);
      }
      return summaries;
    },
  };
}

export function abstractiveStrategy(service: InferenceService<SummarizeItem, string>, maxChars: number, maxNewTokens: number): SummaryStrategy {
  return {
    async summarize(texts) {
      const summaries: string[] = [];
      const long: number[] = [];
      texts.forEach((text, index) => {
        if (text.length <= maxChars) summaries[index] = text;
        else long.push(index);
      });
      const generated = await service.run(long.map((index) => ({ text: texts[index] as string, maxNewTokens })));
      long.forEach((index, i) => (summaries[index] = clip(generated[i] ?? '', maxChars)));
      return summaries;
    },
  };
}

/** Cuts at the last word boundary that fits, with an ellipsis. */
function clip(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > maxChars / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
