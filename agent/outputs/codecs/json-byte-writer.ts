/**
 * JSON straight into UTF-8 bytes, into one reusable buffer: the NDJSON codec's batches (one Buffer, one system
 * call per batch) and the search-engine output's bulk request bodies.
 *
 * Hand-written instead of `JSON.stringify` + `Buffer.write` because encoding is the most expensive step of
 * shipping: this walks the value and writes each character once, escaping as it goes, with no intermediate
 * strings (measurements in bench/RESULTS.md). Output is byte-identical to `JSON.stringify` followed by UTF-8
 * encoding; a unit test checks that, including escapes, lone surrogates and skipped values.
 */
import { MAX_ESCAPED_BYTES, NEEDS_ESCAPE, SURROGATE, writeEscapedAscii, writeEscapedUtf16, writeEscapedUtf8 } from './json-string-escapes.js';

/** Strings longer than this go through the native JSON.stringify + UTF-8 path (no worst-case reservation). */
const NATIVE_STRING_LENGTH = 16 * 1024;
/** Strings up to this length are first tried as ASCII in one JS loop (see writeEscapedAscii). */
const ASCII_LOOP_LENGTH = 512;
const INITIAL_BYTES = 1024 * 1024;
/** Detached buffers kept for reuse: enough for the requests a bulk output has in flight. */
const MAX_SPARES = 4;
/** Members of one object remembered by position (see KeyEntry); objects with more are looked up past it. */
const MAX_CACHED_MEMBERS = 64;
/** Cached fragments longer than this are copied natively (see copy). */
const NATIVE_COPY_LENGTH = 16;
/** Values up to this length are remembered per key (timestamps, paths, host names repeat from event to event). */
const REPEATED_VALUE_LENGTH = 96;
/** Differing values in a row after which a key's values are no longer remembered (see KeyEntry.misses)... */
const MAX_CACHED_MISSES = 4;
/** ...until this many have gone by. */
const UNIQUE_VALUES_RETRY = 256;

/** A member name's encoded form (`"key":`) and the last short string value written under it. */
interface KeyEntry {
  readonly bytes: Uint8Array;
  lastValue: string | undefined;
  lastBytes: Uint8Array | undefined;
  /**
   * Values in a row that differed from the last one. Past a few, the key's values are taken as unique (ids,
   * offsets, keys) and are no longer copied aside, which would only cost an allocation per event; now and then
   * a value is remembered again, so that a key whose values start repeating is cached again.
   */
  misses: number;
  /**
   * The members of the last object written under this key, in order, with their entries: events of one
   * source share a shape, so the next object's keys are found here by position (one string comparison,
   * by pointer when the keys come from the same literal or parser) instead of in the key map (a hash
   * lookup per member).
   */
  readonly memberKeys: string[];
  readonly memberEntries: KeyEntry[];
}

function keyEntry(key: string): KeyEntry {
  return { bytes: Buffer.from(`${JSON.stringify(key)}:`, 'utf8'), lastValue: undefined, lastBytes: undefined, misses: 0, memberKeys: [], memberEntries: [] };
}

export class JsonByteWriter {
  private buffer = Buffer.allocUnsafe(INITIAL_BYTES);
  private position = 0;
  private readonly keyCache = new Map<string, KeyEntry>();
  /** Stands for the top level: the members of the last top-level object (see KeyEntry). */
  private readonly topLevel = keyEntry('');
  private readonly spares: Buffer<ArrayBuffer>[] = [];
  /** UTF-8 of a string that needs escapes, escaped from there byte by byte (faster than char codes). */
  private readonly scratch = Buffer.allocUnsafe(4 * NATIVE_STRING_LENGTH);

  get length(): number {
    return this.position;
  }

  reset(): void {
    this.position = 0;
  }

  /** The bytes written since the last reset; valid until the next write. */
  bytes(): Buffer {
    return this.buffer.subarray(0, this.position);
  }

  /**
   * Hands over the bytes written so far and goes on, from empty, in a recycled buffer (or a new one). Lets
   * an output keep a request body while encoding the next without copying it; `recycle` gives it back.
   */
  detach(): Buffer {
    const written = this.buffer.subarray(0, this.position);
    this.buffer = this.spares.pop() ?? Buffer.allocUnsafe(Math.max(INITIAL_BYTES, this.position));
    this.position = 0;
    return written;
  }

  /** Takes back a buffer from `detach` once nothing reads it any more; a few are kept, oversized ones dropped. */
  recycle(bytes: Buffer): void {
    if (this.spares.length >= MAX_SPARES || bytes.buffer.byteLength > 8 * INITIAL_BYTES) return;
    this.spares.push(Buffer.from(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.buffer.byteLength - bytes.byteOffset));
  }

  /** Drops a buffer that grew for an unusually large batch, so memory returns to normal. */
  shrink(): void {
    if (this.buffer.length > 8 * INITIAL_BYTES && this.position === 0) this.buffer = Buffer.allocUnsafe(INITIAL_BYTES);
  }

  /** Writes `text` as UTF-8 with no JSON quoting or escaping (for the text codec). */
  raw(text: string): void {
    this.reserve(text.length * 3);
    this.position += this.buffer.write(text, this.position, 'utf8');
  }

  /** Writes already-encoded bytes (a cached fragment) as they are. */
  encoded(bytes: Uint8Array): void {
    this.copy(bytes);
  }

  newline(): void {
    this.reserve(1);
    this.buffer[this.position++] = 10;
  }

  /** Writes `value` as JSON; returns false (writing nothing) for what JSON.stringify skips (undefined, functions, symbols). */
  value(value: unknown): boolean {
    switch (typeof value) {
      case 'string':
        this.string(value);
        return true;
      case 'number':
        if (Number.isSafeInteger(value) && value >= 0) this.unsignedInteger(value);
        else this.ascii(Number.isFinite(value) ? String(value) : 'null');
        return true;
      case 'boolean':
        this.ascii(value ? 'true' : 'false');
        return true;
      case 'object':
        if (value === null) this.ascii('null');
        else if (Array.isArray(value)) this.array(value);
        else if (typeof (value as { toJSON?: unknown }).toJSON === 'function') this.raw(JSON.stringify(value) ?? 'null');
        else this.object(value as Record<string, unknown>, undefined, undefined);
        return true;
      case 'bigint':
        JSON.stringify(value); // throws, exactly like JSON.stringify
        return false;
      default:
        return false;
    }
  }

  private array(values: readonly unknown[]): void {
    this.reserve(1);
    this.buffer[this.position++] = 91; // [
    for (let i = 0; i < values.length; i++) {
      if (i > 0) {
        this.reserve(1);
        this.buffer[this.position++] = 44; // ,
      }
      if (!this.value(values[i])) this.ascii('null');
    }
    this.reserve(1);
    this.buffer[this.position++] = 93; // ]
  }

  /**
   * Writes `record` as a JSON object; `leading` is already-encoded members (`"key":value,...`) written
   * first, for fields an output adds without touching the shared event object. `parent` is the entry of
   * the key it is written under (the top level by default), whose member cache finds its keys.
   */
  object(record: Record<string, unknown>, leading: string | Uint8Array | undefined, parent: KeyEntry | undefined = this.topLevel): void {
    this.reserve(1);
    this.buffer[this.position++] = 123; // {
    let first = true;
    let member = 0;
    if (leading !== undefined) {
      if (typeof leading === 'string') this.raw(leading);
      else this.copy(leading);
      first = false;
    }
    for (const key in record) {
      if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
      const item = record[key];
      // Values JSON.stringify skips must not leave a dangling key behind.
      const kind = typeof item;
      if (kind === 'undefined' || kind === 'function' || kind === 'symbol') continue;
      if (!first) {
        this.reserve(1);
        this.buffer[this.position++] = 44; // ,
      }
      first = false;
      let entry: KeyEntry;
      if (parent !== undefined && parent.memberKeys[member] === key) entry = parent.memberEntries[member] as KeyEntry;
      else {
        entry = this.keyEntry(key);
        if (parent !== undefined && member < MAX_CACHED_MEMBERS) {
          parent.memberKeys[member] = key;
          parent.memberEntries[member] = entry;
        }
      }
      member++;
      this.copy(entry.bytes);
      if (kind === 'string') {
        const text = item as string;
        if (text.length <= REPEATED_VALUE_LENGTH) this.repeatedString(entry, text);
        else this.string(text);
      } else if (kind === 'object' && item !== null && !Array.isArray(item) && typeof (item as { toJSON?: unknown }).toJSON !== 'function') {
        this.object(item as Record<string, unknown>, undefined, entry);
      } else {
        this.value(item);
      }
    }
    this.reserve(1);
    this.buffer[this.position++] = 125; // }
  }

  /** Keys repeat in every event: their encoded form (`"key":`) is cached as bytes. */
  private keyEntry(key: string): KeyEntry {
    let entry = this.keyCache.get(key);
    if (entry === undefined) {
      entry = keyEntry(key);
      if (this.keyCache.size < 10_000) this.keyCache.set(key, entry);
    }
    return entry;
  }

  /** A short string under `entry`'s key: the same value as last time is copied from its cached bytes. */
  private repeatedString(entry: KeyEntry, value: string): void {
    if (value === entry.lastValue) {
      entry.misses = 0;
      this.copy(entry.lastBytes as Uint8Array);
      return;
    }
    const start = this.position;
    this.string(value);
    const misses = entry.misses;
    entry.misses = (misses + 1) % UNIQUE_VALUES_RETRY;
    if (misses >= MAX_CACHED_MISSES) return;
    entry.lastValue = value;
    entry.lastBytes = new Uint8Array(this.buffer.subarray(start, this.position)); // a copy: the buffer is reused
  }

  private copy(bytes: Uint8Array): void {
    const length = bytes.length;
    this.reserve(length);
    const buffer = this.buffer;
    let p = this.position;
    // A native copy has a fixed cost that a byte loop beats only for short fragments: keys and short values
    // are looped, timestamps, paths and action lines set.
    if (length > NATIVE_COPY_LENGTH) {
      buffer.set(bytes, p);
      this.position = p + length;
      return;
    }
    for (let i = 0; i < length; i++) buffer[p++] = bytes[i] as number;
    this.position = p;
  }

  /** Digits of a non-negative safe integer, without the string String(value) would allocate. */
  private unsignedInteger(value: number): void {
    let digits = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    this.reserve(digits);
    const buffer = this.buffer;
    let p = this.position + digits;
    this.position = p;
    let rest = value;
    do {
      buffer[--p] = 48 + (rest % 10);
      rest = Math.floor(rest / 10);
    } while (rest > 0);
  }

  /** Writes a string known to be ASCII and needing no escapes (numbers, literals). */
  private ascii(text: string): void {
    const length = text.length;
    this.reserve(length);
    const buffer = this.buffer;
    let p = this.position;
    for (let i = 0; i < length; i++) buffer[p++] = text.charCodeAt(i);
    this.position = p;
  }

  private string(value: string): void {
    const length = value.length;
    if (length > NATIVE_STRING_LENGTH) {
      this.raw(JSON.stringify(value));
      return;
    }
    if (length <= ASCII_LOOP_LENGTH) {
      this.reserve(length * MAX_ESCAPED_BYTES + 2);
      const end = writeEscapedAscii(this.buffer, this.position, value);
      if (end >= 0) {
        this.position = end;
        return;
      }
    }
    if (!NEEDS_ESCAPE.test(value)) {
      // Most strings (timestamps, paths, names, ids) need no escape: the native UTF-8 writer copies them.
      this.reserve(length * 3 + 2);
      let p = this.position;
      this.buffer[p++] = 34;
      p += this.buffer.write(value, p, 'utf8');
      this.buffer[p++] = 34;
      this.position = p;
      return;
    }
    if (!SURROGATE.test(value)) {
      this.escapedUtf8(value);
      return;
    }
    // Worst case per UTF-16 unit: an escape; UTF-8 needs at most 3 bytes.
    this.reserve(length * MAX_ESCAPED_BYTES + 2);
    this.position = writeEscapedUtf16(this.buffer, this.position, value);
  }

  /**
   * A string with characters to escape but no surrogates: encoded to UTF-8 natively, then copied byte by
   * byte with escapes (only ASCII bytes ever need one; multi-byte sequences pass through unchanged).
   */
  private escapedUtf8(value: string): void {
    const scratch = this.scratch;
    const size = scratch.write(value, 0, 'utf8');
    this.reserve(size * MAX_ESCAPED_BYTES + 2);
    this.position = writeEscapedUtf8(this.buffer, this.position, scratch, size);
  }

  private reserve(bytes: number): void {
    if (this.position + bytes <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.position + bytes));
    this.buffer.copy(bigger, 0, 0, this.position);
    this.buffer = bigger;
  }
}
