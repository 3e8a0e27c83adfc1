/**
 * Writes the key facts of a support ticket (order ids, amounts, dates, SKUs, error codes, tracking numbers,
 * email domains) to `ticket.entities.<kind>`, each an array of unique strings in the order found.
 */
import type { Processor } from '../../agent/kit.js';
import { getField, setField, type LogEvent } from '../../agent/kit.js';
import type { TicketEntitiesConfig } from './config.js';
import { EntityExtractor } from './extractor.js';

export class TicketEntities implements Processor {
  private readonly extractor: EntityExtractor;
  private readonly fields: readonly string[];

  constructor(private readonly config: TicketEntitiesConfig) {
    this.extractor = new EntityExtractor(config);
    this.fields = typeof config.field === 'string' ? [config.field] : config.field;
  }

  process(events: LogEvent[]): LogEvent[] {
    for (const event of events) {
      const text = this.textOf(event);
      if (text === '') continue;
      const time = Date.parse(event['@timestamp']);
      const language = getField(event, this.config.language_field);
      const entities = this.extractor.extract(text, new Date(Number.isNaN(time) ? Date.now() : time), typeof language === 'string' ? language : undefined);
      for (const [kind, values] of entities) setField(event, `${this.config.target}.${kind}`, [...values]);
    }
    return events;
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
