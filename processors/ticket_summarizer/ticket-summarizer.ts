/**
 * Writes `ticket.summary` for support tickets with a summary strategy (extractive by default, abstractive
 * with a seq2seq model: see strategies.ts). Inference runs in a model worker, batched across events.
 */
import type { Processor } from '../../agent/kit.js';
import { setField, type LogEvent } from '../../agent/kit.js';
import { inferForEvents } from '../model-processor-support.js';
import type { TicketSummarizerConfig } from './config.js';
import type { SummaryStrategy } from './strategies.js';

export const SUMMARIZER_FAILURE_TAG = 'ticket_summarizer_failure';

export class TicketSummarizer implements Processor {
  constructor(
    private readonly config: TicketSummarizerConfig,
    private readonly strategy: SummaryStrategy,
    private readonly release: () => Promise<void>,
  ) {}

  process(events: LogEvent[]): Promise<LogEvent[]> {
    return inferForEvents(
      events,
      this.config,
      'ticket_summarizer',
      (texts) => this.strategy.summarize(texts),
      (event, _text, summary) => setField(event, 'ticket.summary', summary ?? ''),
    );
  }

  close(): Promise<void> {
    return this.release();
  }
}
