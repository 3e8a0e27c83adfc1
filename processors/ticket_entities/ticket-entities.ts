/**
 * Writes the key facts of a support ticket (order ids, amounts, dates, SKUs, error codes, tracking numbers,
 * email domains) to `ticket.entities.<kind>`, each an array of unique strings in the order found.
 */
import type { Processor } from '../../agent/kit.js';
import { getField, setField, type LogEvent } from '../../agent/kit.js';
import type { TicketEntitiesConfig } from './config.js';
import { DateReaders } from './dates.js';
import { EntityExtractor } from './extractor.js';

export class TicketEntities implements Processor {
  private readonly extractor: EntityExtractor;
  private readonly fields: readonly string[];

  private constructor(
    private readonly config: TicketEntitiesConfig,
    private readonly readers: DateReaders,
  ) {
    this.extractor = new EntityExtractor(config, readers);
    this.fields = typeof config.field === 'string' ? [config.field] : config.field;
  }

  static async create(config: TicketEntitiesConfig): Promise<TicketEntities> {
    return new TicketEntities(config, await DateReaders.open());
  }

  /** Synchronous, except for the first batch with a ticket in a language whose date parser is not loaded yet. */
  process(events: LogEvent[]): LogEvent[] | Promise<LogEvent[]> {
    const missing = this.readers.missing(events.map((event) => this.languageOf(event)));
    if (missing.length === 0) return this.extractAll(events);
    return this.readers.load(missing).then(() => this.extractAll(events));
  }

  private extractAll(events: LogEvent[]): LogEvent[] {
    for (const event of events) {
      const text = this.textOf(event);
      if (text === '') continue;
      const time = Date.parse(event['@timestamp']);
      const entities = this.extractor.extract(text, new Date(Number.isNaN(time) ? Date.now() : time), this.languageOf(event));
      for (const [kind, values] of entities) setField(event, `${this.config.target}.${kind}`, [...values]);
    }
    return events;
  }

  private languageOf(event: LogEvent): string | undefined {
    const language = getField(event, this.config.language_field);
    return typeof language === 'string' ? language : undefined;
  }

  private textOf(event: LogEvent): string {
    if (this.fields.length === 1) {
      const value = getField(event, this.fields[0] as string);
      return typeof value === 'string' ? value : '';
    }
    const parts: string[] = [];
    for (const field of this.fields) {
      const value = getField(event, field);
      if (typeof value === 'string' && value !== '') parts.push(value);
    }
    return parts.join('\n');
  }
}
