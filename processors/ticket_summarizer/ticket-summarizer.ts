/**
 * Writes `ticket.summary` for support tickets with a summary strategy (extractive by default, abstractive
 * with a seq2seq model: see strategies.ts). Inference runs in a model worker, batched across events.
 */
import { setField } from '../../agent/kit.js';
import type { ModelTask } from '../model-processor.js';
import type { SummaryStrategy } from './strategies.js';

export function ticketSummaries(strategy: SummaryStrategy): ModelTask<string> {
  return {
    infer: (texts) => strategy.summarize(texts),
    apply: (event, _text, summary) => setField(event, 'ticket.summary', summary ?? ''),
  };
}
