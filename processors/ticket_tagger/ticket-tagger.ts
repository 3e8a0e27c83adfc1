/**
 * Tags support tickets by meaning: every label is scored (the linear head's probability, the similarity to
 * its prototype, or NLI entailment: see scorers.ts). Several tags (ticket.tags): a ticket gets every label
 * that scores at least the threshold and within `margin` of the best label, best first, at most top_k.
 * One label (a label set or `target`): the best label if it scores at least the threshold, else the
 * fallback. Then the keyword rules force or forbid labels. Beside the result goes the confidence from the
 * ticket's language (language-confidence.ts).
 * Inference runs in a model worker, batched across events.
 */
import { setField, type LogEvent } from '../../agent/kit.js';
import type { ModelTask } from '../model-processor.js';
import type { OutcomeProfile } from '../model-rollout/model-rollout.js';
import { taggingRule, type TicketTaggerConfig } from './config.js';
import { outputFields, resolvedRules, taggerOutput } from './label-resolution.js';
import { languageConfidence } from './language-confidence.js';
import type { LabelScorer } from './scorers.js';

/** One ticket's tags (best first; for one label, none when it falls back) and every label's score, rounded as written. */
export interface Tagging {
  readonly tags: string[];
  readonly scores: Record<string, number>;
  /** The best label's score (unrounded), for the score distribution. */
  readonly best: number;
}

interface Scored {
  readonly name: string;
  readonly score: number;
}

export function ticketTagging(config: TicketTaggerConfig, scorer: LabelScorer): ModelTask<number[], Tagging> {
  const { threshold, margin } = taggingRule(config);
  const output = taggerOutput(config);
  const fields = outputFields(output);
  const confidenceOf = languageConfidence(config);
  // Keywords lower-cased once, not per ticket.
  const rules = resolvedRules(config).map((rule) => ({ ...rule, keywords: rule.keywords.map((k) => k.toLowerCase()) }));

  /** Several tags: threshold, margin and top_k, then the rules force (first) or forbid. */
  const manyTags = (ranked: Scored[], forced: string[], forbidden: Set<string>): string[] => {
    // Absolute similarities drift with a ticket's length and wording; the gap to the best label says more
    // about a second topic than the threshold alone (measured in bench/ticket-eval).
    const floor = Math.max(threshold, (ranked[0]?.score ?? 0) - margin);
    let tags = ranked
      .filter((s) => s.score >= floor)
      .slice(0, config.top_k)
      .map((s) => s.name);
    for (const tag of forced) if (!tags.includes(tag)) tags = [tag, ...tags];
    return forbidden.size === 0 ? tags : tags.filter((t) => !forbidden.has(t));
  };

  /** One label: a forced one, else the best allowed label, if it reaches the threshold or there is no fallback. */
  const oneTag = (ranked: Scored[], forced: string[], forbidden: Set<string>): string[] => {
    const force = forced.find((t) => !forbidden.has(t));
    if (force !== undefined) return [force];
    const best = ranked.find((s) => !forbidden.has(s.name));
    if (best === undefined) return [];
    return output.kind === 'single' && output.fallback !== undefined && best.score < threshold ? [] : [best.name];
  };
  const choose = output.kind === 'single' ? oneTag : manyTags;

  /** Ranks every label for one ticket and applies the rule and the keyword rules. */
  const tag = (text: string, labelScores: number[]): Tagging => {
    const scores = scorer.labels.map((name, i) => ({ name, score: labelScores[i] ?? 0 }));
    const ranked = [...scores].sort((a, b) => b.score - a.score);
    const forced: string[] = [];
    const forbidden = new Set<string>();
    if (rules.length > 0) {
      const lower = text.toLowerCase();
      for (const rule of rules) {
        if (!rule.keywords.some((k) => lower.includes(k))) continue;
        if (rule.action === 'forbid') forbidden.add(rule.tag);
        else forced.push(rule.tag);
      }
    }
    return { tags: choose(ranked, forced, forbidden), scores: Object.fromEntries(scores.map((s) => [s.name, Math.round(s.score * 1000) / 1000])), best: ranked[0]?.score ?? 0 };
  };

  /** The result, its scores and its confidence; a shadow model's under `<namespace>.shadow`. */
  const write = (event: LogEvent, tagging: Tagging, shadow: boolean): void => {
    const at = shadow ? fields.shadow : fields.own;
    if (output.kind === 'tags') setField(event, at.value, tagging.tags);
    else {
      const value = tagging.tags[0] ?? output.fallback;
      if (value !== undefined) setField(event, at.value, value);
    }
    setField(event, at.scores, tagging.scores);
    setField(event, at.confidence, confidenceOf(event));
  };

  return { infer: (texts) => scorer.score(texts), outcome: tag, write };
}

/**
 * Two taggers agree on a ticket when they put the same tag first (or none: for one label, both fell back);
 * similarity is the overlap of their tag sets. Flagged: any tag (for one label, not the fallback).
 */
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
