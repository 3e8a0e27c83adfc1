/**
 * Writes the language of a text (ticket.language) from franc-min's trigram profiles: an ISO 639-1 code, or
 * `und` when the text is shorter than min_length or franc cannot tell. Redacted placeholders are left out of
 * the text first: "[REDACTED:email]" is English-looking noise in any language.
 */
import { franc } from 'franc-min';
import type { Processor } from '../../agent/kit.js';
import { getField, setField, type LogEvent } from '../../agent/kit.js';
import type { DetectLanguageConfig } from './config.js';
import { toFranc, toIso6391 } from './languages.js';

const PLACEHOLDER = /\[REDACTED[^\]\n]{0,40}\]/g;

export class DetectLanguage implements Processor {
  private readonly fields: readonly string[];
  private readonly options: { minLength: number; only?: string[] };

  constructor(private readonly config: DetectLanguageConfig) {
    this.fields = typeof config.field === 'string' ? [config.field] : config.field;
    // franc counts characters the same way; the placeholders are removed before it sees the text.
    this.options = { minLength: config.min_length, ...(config.only ? { only: config.only.map((code) => toFranc(code) as string) } : {}) };
  }

  process(events: LogEvent[]): LogEvent[] {
    for (const event of events) setField(event, this.config.target, this.languageOf(this.textOf(event)));
    return events;
  }

  /** The ISO 639-1 code (or 639-3 where none exists, or und) of one text. */
  languageOf(text: string): string {
    const clean = text.includes('[REDACTED') ? text.replace(PLACEHOLDER, ' ') : text;
    return toIso6391(franc(clean.trim(), this.options));
  }

  private textOf(event: LogEvent): string {
    const parts: string[] = [];
    for (const field of this.fields) {
      const value = getField(event, field);
      if (typeof value === 'string' && value !== '') parts.push(value);
    }
    return parts.join('\n');
  }
}
