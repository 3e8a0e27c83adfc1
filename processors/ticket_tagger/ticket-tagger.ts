/**
 * Tags support tickets by meaning: each label's description and examples are embedded once into a prototype
 * (their normalized mean); a ticket gets every label whose prototype is close enough (cosine ≥ threshold and
 * within `margin` of the best label), best first, at most top_k, then the keyword rules force or forbid tags. Inference runs in the embedding
 * worker, batched across events.
 */
import type { Processor } from '../../agent/component.js';
import { setField, type LogEvent } from '../../agent/event.js';
import { cosine, meanDirection } from '../../models/vectors.js';
import { applyFailure, textFrom, withTimeout } from '../model-processor-support.js';
import type { EmbeddingService } from '../../models/inference/embedding-service.js';
import type { TicketTaggerConfig } from './config.js';

export const TAGGER_FAILURE_TAG = 'ticket_tagger_failure';

interface Prototype {
  readonly name: string;
  readonly vector: Float32Array;
}

export class TicketTagger implements Processor {
  private constructor(
    private readonly config: TicketTaggerConfig,
    private readonly service: EmbeddingService,
    private readonly prototypes: Prototype[],
    private readonly release: () => Promise<void>,
  ) {}

  static async create(config: TicketTaggerConfig, service: EmbeddingService, release: () => Promise<void>): Promise<TicketTagger> {
    const prototypes: Prototype[] = [];
    for (const label of config.labels) {
      const vectors = await service.embed([label.description, ...label.examples]);
      prototypes.push({ name: label.name, vector: meanDirection(vectors) });
    }
    return new TicketTagger(config, service, prototypes, release);
  }

  async process(events: LogEvent[]): Promise<LogEvent[]> {
    const withText: { event: LogEvent; text: string }[] = [];
    for (const event of events) {
      const text = textFrom(event, this.config.field);
      if (text !== undefined) withText.push({ event, text });
    }
    if (withText.length === 0) return events;
    let vectors: Float32Array[];
    try {
      vectors = await withTimeout(this.service.embed(withText.map((t) => t.text)), this.config.timeout);
    } catch (error) {
      return applyFailure(events, new Set(withText.map((t) => t.event)), this.config.on_failure, 'ticket_tagger', (error as Error).message);
    }
    withText.forEach(({ event, text }, i) => this.tag(event, text, vectors[i] as Float32Array));
    return events;
  }

  close(): Promise<void> {
    return this.release();
  }

  /** Scores every label for one ticket and writes ticket.tags (best first) and ticket.tag_scores. */
  private tag(event: LogEvent, text: string, vector: Float32Array): void {
    const scores = this.prototypes.map((p) => ({ name: p.name, score: cosine(vector, p.vector) }));
    const { threshold, margin, top_k: topK } = this.config;
    const ranked = [...scores].sort((a, b) => b.score - a.score);
    // Absolute similarities drift with a ticket's length and wording; the gap to the best label says more
    // about a second topic than the threshold alone (measured in bench/ticket-eval).
    const floor = Math.max(threshold, (ranked[0]?.score ?? 0) - margin);
    let tags = ranked
      .filter((s) => s.score >= floor)
      .slice(0, topK)
      .map((s) => s.name);
    const lower = text.toLowerCase();
    for (const rule of this.config.rules) {
      if (!rule.keywords.some((k) => lower.includes(k.toLowerCase()))) continue;
      if (rule.action === 'forbid') tags = tags.filter((t) => t !== rule.tag);
      else if (!tags.includes(rule.tag)) tags = [rule.tag, ...tags];
    }
    setField(event, 'ticket.tags', tags);
    setField(event, 'ticket.tag_scores', Object.fromEntries(scores.map((s) => [s.name, Math.round(s.score * 1000) / 1000])));
  }
}
