/**
 * Cleans ticket text of what carries no content (greetings, sign-offs, signatures, quoted replies,
 * disclaimers, web-form footers) so that the models after it see only the customer's message. The text as
 * it arrived stays in `original_field`; a ticket that cleaning would empty keeps its text and is tagged.
 */
import { addTag, getField, setField, type LogEvent, type Processor } from '../../agent/kit.js';
import { TicketCleaner } from './clean-text.js';
import type { TicketCleanConfig } from './config.js';
import { DEFAULT_RULES, type LineRule } from './rules.js';

export const KEPT_ORIGINAL_TAG = 'ticket_clean_kept_original';

/** The config's own rules first (they may be narrower than a built-in one), then the built-in ones left on. */
export function rulesFor(config: TicketCleanConfig['rules']): LineRule[] {
  const custom = (action: 'drop' | 'cut', rules: readonly { name: string; pattern: string }[]): LineRule[] =>
    rules.map(({ name, pattern }) => {
      const regex = new RegExp(pattern, 'iu');
      return { name, action, test: (line: string) => regex.test(line) };
    });
  const disabled = new Set<string>(config.disable);
  return [...custom('cut', config.cut_at), ...custom('drop', config.drop_lines), ...DEFAULT_RULES.filter((rule) => !disabled.has(rule.name))];
}

export function cleanerFor(config: TicketCleanConfig['rules']): TicketCleaner {
  const disabled = new Set<string>(config.disable);
  return new TicketCleaner(rulesFor(config), !disabled.has('quoted_lines'), !disabled.has('quoted_reply'));
}

export class TicketClean implements Processor {
  private readonly cleaner: TicketCleaner;

  constructor(private readonly config: TicketCleanConfig) {
    this.cleaner = cleanerFor(config.rules);
  }

  process(events: LogEvent[]): LogEvent[] {
    for (const event of events) this.cleanOne(event);
    return events;
  }

  private cleanOne(event: LogEvent): void {
    const { field, original_field: originalField, removed_field: removedField } = this.config;
    const text = getField(event, field);
    if (typeof text !== 'string' || text.trim() === '') return;
    setField(event, originalField, text);
    const { text: cleaned, removed } = this.cleaner.clean(text);
    if (removed.length > 0) setField(event, removedField, [...removed]);
    if (cleaned === '') addTag(event, KEPT_ORIGINAL_TAG);
    else if (cleaned !== text) setField(event, field, cleaned);
  }
}
