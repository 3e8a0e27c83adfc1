/**
 * NDJSON encoding of event batches into one Buffer, written with one system call per batch.
 *
 * Hand-written instead of `JSON.stringify(event)` per event because serialization is the most expensive
 * step of file → file shipping: V8's JSON.stringify spends most of its time on the small nested ECS objects
 * (`log.file`, `event`, `host`), and joining per-event strings builds a rope that must be flattened again
 * before encoding. This encoder walks the event itself, escapes only strings that need it (through
 * JSON.stringify, which is exact), caches encoded keys, and encodes each document straight into a reusable
 * buffer. Output is byte-identical to JSON.stringify (a unit test checks that, including edge cases);
 * bench/file-throughput.ts measures the difference.
 */
import type { LogEvent } from '../event.js';

// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON must escape
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u2028\u2029\ud800-\udfff]/;
const keyCache = new Map<string, string>();
const KEY_CACHE_LIMIT = 10_000;

/**
 * Short strings often repeat from one event to the next (the batch's timestamp, the file path, host and
 * service names): a small direct-mapped memo avoids re-checking them. Unlike a Map, it costs almost nothing
 * when values are all different (ids, trace ids).
 */
const MEMO_SLOTS = 64;
const memoKeys: (string | undefined)[] = new Array<string | undefined>(MEMO_SLOTS);
const memoValues: string[] = new Array<string>(MEMO_SLOTS);

function encodeString(value: string): string {
  const length = value.length;
  if (length >= 128) return JSON.stringify(value);
  const slot = (length * 7 + (length > 0 ? value.charCodeAt(length - 1) : 0)) & (MEMO_SLOTS - 1);
  if (memoKeys[slot] === value) return memoValues[slot] as string;
  const encoded = NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
  memoKeys[slot] = value;
  memoValues[slot] = encoded;
  return encoded;
}

function encodeKey(key: string): string {
  let encoded = keyCache.get(key);
  if (encoded === undefined) {
    encoded = `${JSON.stringify(key)}:`;
    if (keyCache.size < KEY_CACHE_LIMIT) keyCache.set(key, encoded);
  }
  return encoded;
}

/** Same result as JSON.stringify for JSON-compatible values (plain objects, arrays, strings, numbers, booleans, null). */
export function encodeJson(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return encodeString(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          out += encodeJson(value[i]) ?? 'null';
        }
        return `${out}]`;
      }
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(value);
      let out = '{';
      let first = true;
      for (const key in value) {
        if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
        const encoded = encodeJson((value as Record<string, unknown>)[key]);
        if (encoded === undefined) continue;
        out += first ? encodeKey(key) + encoded : `,${encodeKey(key)}${encoded}`;
        first = false;
      }
      return `${out}}`;
    }
    case 'bigint':
      return JSON.stringify(value); // throws, exactly like JSON.stringify
    default:
      return undefined;
  }
}

/** Encodes events as NDJSON into `scratch` (grown when needed); returns the buffer holding the bytes. */
export class NdjsonEncoder {
  private scratch = Buffer.allocUnsafe(1024 * 1024);

  encode(events: readonly LogEvent[]): Buffer {
    let offset = 0;
    for (const event of events) {
      const line = encodeJson(event) ?? '{}';
      // A UTF-16 code unit takes at most 3 bytes in UTF-8; +1 for the newline.
      const worstCase = line.length * 3 + 1;
      if (offset + worstCase > this.scratch.length) this.grow(offset, offset + worstCase);
      offset += this.scratch.write(line, offset);
      this.scratch[offset++] = 10;
    }
    return this.scratch.subarray(0, offset);
  }

  /** Drops a buffer that grew for an unusually large batch, so memory returns to normal. */
  shrink(): void {
    if (this.scratch.length > 8 * 1024 * 1024) this.scratch = Buffer.allocUnsafe(1024 * 1024);
  }

  private grow(used: number, needed: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(this.scratch.length * 2, needed));
    this.scratch.copy(bigger, 0, 0, used);
    this.scratch = bigger;
  }
}
