/**
 * What the model-based processors (ticket_tagger, ticket_summarizer) share: reading the text from one or
 * more fields, bounding inference time, and the on_failure policy.
 */
import { addTag, getField, setField, type LogEvent } from '../agent/kit.js';

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

export interface InferenceSettings {
  readonly field: string | string[];
  readonly timeout: number;
  readonly on_failure: 'tag' | 'drop';
}

/**
 * The shape every model processor shares: take the text of each event that has one, run `infer` on all of
 * them at once within the timeout, and `apply` each result to its event; when inference fails or times
 * out, the on_failure policy applies to those events. Events without text pass through untouched.
 */
export async function inferForEvents<R>(
  events: LogEvent[],
  settings: InferenceSettings,
  processor: string,
  infer: (texts: string[]) => Promise<R[]>,
  apply: (event: LogEvent, text: string, result: R) => void,
): Promise<LogEvent[]> {
  const withText: { event: LogEvent; text: string }[] = [];
  for (const event of events) {
    const text = textFrom(event, settings.field);
    if (text !== undefined) withText.push({ event, text });
  }
  if (withText.length === 0) return events;
  let results: R[];
  try {
    results = await withTimeout(infer(withText.map((t) => t.text)), settings.timeout);
  } catch (error) {
    return applyFailure(events, new Set(withText.map((t) => t.event)), settings.on_failure, processor, (error as Error).message);
  }
  withText.forEach(({ event, text }, i) => apply(event, text, results[i] as R));
  return events;
}
