/**
 * Canary routing: the value of a key field (a card, a customer) picks the model, so one key always sees the
 * same model for as long as the models stay the same. The value is hashed with a salt (the candidate's
 * content hash) into [0, 1); values below `share` go to the candidate. A new candidate therefore gets a
 * different set of keys, rather than the same customers trying every new model first.
 */
import { getField, type LogEvent } from '../../agent/kit.js';

/**
 * FNV-1a over the salt and the value's UTF-16 code units, then the murmur3 finaliser so that nearby values
 * spread over the whole range; no allocation per event.
 */
export function keyBucket(value: string, salt: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < salt.length; i++) h = Math.imul(h ^ salt.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ 0x1f, 0x01000193); // a separator, so ("ab", "c") and ("a", "bc") differ
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 0x1_0000_0000;
}

/** The key of an event as text: strings, numbers and booleans; anything else (missing, an object) has none. */
export function keyValue(event: LogEvent, field: string): string | undefined {
  const value = getField(event, field);
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export class CanaryRouter {
  constructor(
    readonly key: string,
    readonly share: number,
    private readonly salt: string,
  ) {}

  /** Whether the candidate gets this event; undefined when the event has no usable key (it stays with the current model). */
  toCandidate(event: LogEvent): boolean | undefined {
    const value = keyValue(event, this.key);
    return value === undefined ? undefined : keyBucket(value, this.salt) < this.share;
  }
}
