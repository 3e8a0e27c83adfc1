/**
 * Extractive summaries of support tickets: the most central sentences (closest in meaning to the whole
 * ticket), in their original order, within max_chars. Inference runs in the shared embedding worker,
 * batched across events; a text already short enough is its own summary and costs no inference.
 */
import type { Processor } from '../../agent/component.js';
import { setField, type LogEvent } from '../../agent/event.js';
import { cosine, meanDirection } from '../../models/vectors.js';
import { applyFailure, textFrom, withTimeout } from '../model-processor-support.js';
import type { EmbeddingService } from '../../models/inference/embedding-service.js';
import type { TicketSummarizerConfig } from './config.js';
import { chooseSentences, splitSentences } from './sentences.js';

export const SUMMARIZER_FAILURE_TAG = 'ticket_summarizer_failure';

export class TicketSummarizer implements Processor {
  constructor(
    private readonly config: TicketSummarizerConfig,
    private readonly service: EmbeddingService,
    private readonly release: () => Promise<void>,
  ) {}

  async process(events: LogEvent[]): Promise<LogEvent[]> {
    const long: { event: LogEvent; sentences: string[] }[] = [];
    for (const event of events) {
      const text = textFrom(event, this.config.field);
      if (text === undefined) continue;
      const sentences = splitSentences(text);
      if (text.length <= this.config.max_chars || sentences.length <= 1) setField(event, 'ticket.summary', chooseSentences(sentences, [], this.config.max_chars) || text);
      else long.push({ event, sentences });
    }
    if (long.length === 0) return events;
    let vectors: Float32Array[];
    try {
      vectors = await withTimeout(this.service.embed(long.flatMap((l) => l.sentences)), this.config.timeout);
    } catch (error) {
      return applyFailure(events, new Set(long.map((l) => l.event)), this.config.on_failure, 'ticket_summarizer', (error as Error).message);
    }
    let offset = 0;
    for (const { event, sentences } of long) {
      const own = vectors.slice(offset, offset + sentences.length);
      offset += sentences.length;
      const centre = meanDirection(own);
      setField(event, 'ticket.summary', chooseSentences(sentences, own.map((v) => cosine(v, centre)), this.config.max_chars));
    }
    return events;
  }

  close(): Promise<void> {
    return this.release();
  }
}
