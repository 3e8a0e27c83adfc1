/**
 * Writes `ticket.summary` for support tickets with a summary strategy (extractive by default, abstractive
 * with a seq2seq model: see strategies.ts). Inference runs in a model worker, batched across events.
 */
import type { Processor } from '../../agent/component.js';
import { setField, type LogEvent } from '../../agent/event.js';
import { applyFailure, textFrom, withTimeout } from '../model-processor-support.js';
import type { TicketSummarizerConfig } from './config.js';
import type { SummaryStrategy } from './strategies.js';

export const SUMMARIZER_FAILURE_TAG = 'ticket_summarizer_failure';

export class TicketSummarizer implements Processor {
  constructor(
    private readonly config: TicketSummarizerConfig,
    private readonly strategy: SummaryStrategy,
    private readonly release: () => Promise<void>,
  ) {}

  async process(events: LogEvent[]): Promise<LogEvent[]> {
    const withText: { event: LogEvent; text: string }[] = [];
    for (const event of events) {
      const text = textFrom(event, this.config.field);
      if (text !== undefined) withText.push({ event, text });
    }
    if (withText.length === 0) return events;
    let summaries: string[];
    try {
      summaries = await withTimeout(this.strategy.summarize(withText.map((t) => t.text)), this.config.timeout);
    } catch (error) {
      return applyFailure(events, new Set(withText.map((t) => t.event)), this.config.on_failure, 'ticket_summarizer', (error as Error).message);
    }
    withText.forEach(({ event }, i) => setField(event, 'ticket.summary', summaries[i] ?? ''));
    return events;
  }

  close(): Promise<void> {
    return this.release();
  }
}
