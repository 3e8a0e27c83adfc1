/**
 * Tags support tickets by meaning: every label is scored (the linear head's probability, the similarity to
 * its prototype, or NLI entailment: see scorers.ts); a ticket gets every label that scores at least the
 * threshold and within `margin` of the best label, best first, at most top_k; then the keyword rules force
 * or forbid tags.
 * Inference runs in a model worker, batched across events.
 */
import { setField, type LogEvent } from '../../agent/kit.js';
import type { ModelTask } from '../model-processor.js';
import type { OutcomeProfile } from '../model-rollout/model-rollout.js';
import { taggingRule, type TicketTaggerConfig } from './config.js';
import type { LabelScorer } from './scorers.js';

/** One ticket's tags (best first) and every label's score, rounded as written. */
export interface Tagging {
  readonly tags: string[];
  readonly scores: Record<string, number>;
  /** The best label's score (unrounded), for the score distribution. */
  readonly best: number;
}

export function ticketTagging(config: TicketTaggerConfig, scorer: LabelScorer): ModelTask<number[], Tagging> {
  const { threshold, margin } = taggingRule(config);

  /** Ranks every label for one ticket and applies the threshold, margin, top_k and keyword rules. */
  const tag = (text: string, labelScores: number[]): Tagging => {
    const scores = scorer.labels.map((name, i) => ({ name, score: labelScores[i] ?? 0 }));
    const topK = config.top_k;
    const ranked = [...scores].sort((a, b) => b.score - a.score);
    // Absolute similarities drift with a ticket's length and wording; the gap to the best label says more
    // about a second topic than the threshold alone (measured in bench/ticket-eval).
    const floor = Math.max(threshold, (ranked[0]?.score ?? 0) - margin);
    let tags = ranked
      .filter((s) => s.score >= floor)
      .slice(0, topK)
      .map((s) => s.name);
    const lower = text.toLowerCase();
    for (const rule of config.rules) {
      if (!rule.keywords.some((k) => lower.includes(k.toLowerCase()))) continue;
      if (rule.action === 'forbid') tags = tags.filter((t) => t !== rule.tag);
      else if (!tags.includes(rule.tag)) tags = [rule.tag, ...tags];
    }
    return { tags, scores: Object.fromEntries(scores.map((s) => [s.name, Math.round(s.score * 1000) / 1000])), best: ranked[0]?.score ?? 0 };
  };

  /** ticket.tags and ticket.tag_scores; a shadow model's under ticket.tagger.shadow. */
  const write = (event: LogEvent, tagging: Tagging, shadow: boolean): void => {
    const prefix = shadow ? 'ticket.tagger.shadow.' : 'ticket.';
    setField(event, `${prefix}tags`, tagging.tags);
    setField(event, `${prefix}tag_scores`, tagging.scores);
  };

  return { infer: (texts) => scorer.score(texts), outcome: tag, write };
}

/** Two taggers agree on a ticket when they put the same tag first (or none); similarity is the overlap of their tag sets. */
export const taggingProfile: OutcomeProfile<Tagging> = {
  flagged: (t) => t.tags.length > 0,
  score: (t) => t.best,
  agree: (a, b) => a.tags[0] === b.tags[0],
  similarity: (a, b) => {
    if (a.tags.length === 0 && b.tags.length === 0) return 1;
    const shared = a.tags.filter((t) => b.tags.includes(t)).length;
    return shared / (a.tags.length + b.tags.length - shared);
  },
};
