/**
 * Tags support tickets by meaning: every label is scored (the linear head's probability, the similarity to
 * its prototype, or NLI entailment: see scorers.ts); a ticket gets every label that scores at least the
 * threshold and within `margin` of the best label, best first, at most top_k; then the keyword rules force
 * or forbid tags.
 * Inference runs in a model worker, batched across events.
 */
import { setField, type LogEvent } from '../../agent/kit.js';
import type { ModelTask } from '../model-processor.js';
import { taggingRule, type TicketTaggerConfig } from './config.js';
import type { LabelScorer } from './scorers.js';

export function ticketTagging(config: TicketTaggerConfig, scorer: LabelScorer): ModelTask<number[]> {
  const { threshold, margin } = taggingRule(config);

  /** Scores every label for one ticket and writes ticket.tags (best first) and ticket.tag_scores. */
  const tag = (event: LogEvent, text: string, labelScores: number[]): void => {
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
    setField(event, 'ticket.tags', tags);
    setField(event, 'ticket.tag_scores', Object.fromEntries(scores.map((s) => [s.name, Math.round(s.score * 1000) / 1000])));
  };

  return { infer: (texts) => scorer.score(texts), apply: tag };
}
