/**
 * Runs one processor on a batch: applies its `when:` condition and turns a processor failure into a tagged
 * event instead of a lost one (the agent keeps running; the error names the processor's place in the YAML).
 */
import type { Logger } from 'pino';
import type { ModelControl, Processor } from '../component.js';
import { errorMessage } from '../errors.js';
import { addTag, setField, type LogEvent } from '../event.js';
import type { EventPredicate } from './condition.js';

export class ProcessorStage {
  constructor(
    readonly id: string,
    readonly label: string,
    private readonly processor: Processor,
    private readonly when: EventPredicate | undefined,
    private readonly logger: Logger,
  ) {}

  async run(events: LogEvent[]): Promise<LogEvent[]> {
    if (this.when === undefined) return this.safely(events);
    const predicate = this.when;
    const selected = events.filter((e) => predicate(e));
    if (selected.length === 0) return events;
    if (selected.length === events.length) return this.safely(events);
    const results = await this.safely(selected);
    return mergeInOrder(events, selected, results);
  }

  /** Runs the processor on every event, whatever `when:` says: the API caller chose this processor. */
  runAll(events: LogEvent[]): Promise<LogEvent[]> {
    return this.safely(events);
  }

  /** The processor's models, when it has any (for the API and the logs). */
  get models(): ModelControl | undefined {
    return this.processor.models;
  }

  close(): Promise<void> {
    return this.processor.close?.() ?? Promise.resolve();
  }

  private async safely(events: LogEvent[]): Promise<LogEvent[]> {
    try {
      return await this.processor.process(events);
    } catch (error) {
      const message = `${this.label}: ${errorMessage(error)}`;
      this.logger.error({ err: error, processor: this.id }, 'processor failed; events passed on tagged');
      for (const event of events) {
        addTag(event, 'processor_error');
        setField(event, 'error.message', message);
      }
      return events;
    }
  }
}

/** Keeps unselected events where they were; processed ones keep their order; new events go last. */
function mergeInOrder(all: LogEvent[], selected: LogEvent[], results: LogEvent[]): LogEvent[] {
  const kept = new Set(results);
  const wasSelected = new Set(selected);
  const merged: LogEvent[] = [];
  for (const event of all) {
    if (!wasSelected.has(event) || kept.has(event)) merged.push(event);
  }
  for (const event of results) if (!wasSelected.has(event)) merged.push(event);
  return merged;
}
