/**
 * Tags support tickets by meaning: each label's description and examples are embedded once into a prototype
 * (their normalized mean); a ticket gets every label whose prototype is close enough (cosine ≥ threshold),
 * best first, at most top_k, then the keyword rules force or forbid tags. Inference runs in the embedding
 * worker, batched across events.
 */
import type { Processor } from '../../agent/component.js';
import { addTag, getField, setField, type LogEvent } from '../../agent/event.js';
import { cosine } from '../../models/embedder.js';
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
      const text = this.textOf(event);
      if (text !== undefined) withText.push({ event, text });
    }
    if (withText.length === 0) return events;
    let vectors: Float32Array[];
    try {
      vectors = await withTimeout(this.service.embed(withText.map((t) => t.text)), this.config.timeout);
    } catch (error) {
      return this.fail(events, new Set(withText.map((t) => t.event)), (error as Error).message);
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
    let tags = scores
      .filter((s) => s.score >= this.config.threshold)
      .sort((a, b) => b.score - a.score)
      .slice(0, this.config.top_k)
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

  private textOf(event: LogEvent): string | undefined {
    const fields = Array.isArray(this.config.field) ? this.config.field : [this.config.field];
    const parts = fields.map((f) => getField(event, f)).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
    return parts.length === 0 ? undefined : parts.join('\n');
  }

  private fail(events: LogEvent[], affected: Set<LogEvent>, reason: string): LogEvent[] {
    if (this.config.on_failure === 'drop') return events.filter((e) => !affected.has(e));
    for (const event of affected) {
      addTag(event, TAGGER_FAILURE_TAG);
      setField(event, 'error.message', `ticket_tagger: ${reason}`);
    }
    return events;
  }
}

function meanDirection(vectors: Float32Array[]): Float32Array {
  const first = vectors[0] as Float32Array;
  const mean = new Float32Array(first.length);
  for (const v of vectors) for (let i = 0; i < v.length; i++) mean[i] = (mean[i] ?? 0) + (v[i] ?? 0);
  const norm = Math.sqrt(mean.reduce((s, x) => s + x * x, 0)) || 1;
  return mean.map((x) => x / norm);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`inference took longer than ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
