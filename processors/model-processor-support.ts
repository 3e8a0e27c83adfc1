/**
 * What the model-based processors (ticket_tagger, ticket_summarizer) share: reading the text from one or
 * more fields, bounding inference time, and the on_failure policy.
 */
import { addTag, getField, setField, type LogEvent } from '../agent/event.js';

/** The non-empty string values of `fields`, joined by line breaks; undefined when there are none. */
export function textFrom(event: LogEvent, field: string | string[]): string | undefined {
  const fields = Array.isArray(field) ? field : [field];
  const parts = fields.map((f) => getField(event, f)).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  return parts.length === 0 ? undefined : parts.join('\n');
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`inference took longer than ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** on_failure: `tag` marks the affected events (tag + error.message) and keeps them; `drop` removes them. */
export function applyFailure(events: LogEvent[], affected: Set<LogEvent>, policy: 'tag' | 'drop', processor: string, reason: string): LogEvent[] {
  if (policy === 'drop') return events.filter((e) => !affected.has(e));
  for (const event of affected) {
    addTag(event, `${processor}_failure`);
    setField(event, 'error.message', `${processor}: ${reason}`);
  }
  return events;
}
