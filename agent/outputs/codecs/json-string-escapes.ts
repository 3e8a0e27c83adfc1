/**
 * JSON string escaping straight into UTF-8 bytes, exactly as `JSON.stringify` escapes (lowercase hex, lone
 * surrogates as `\uXXXX`). The caller reserves room for the worst case first; each function writes from `at`
 * and returns the position after what it wrote.
 */

const HEX = '0123456789abcdef';
/** Characters that make a string take one of the escaping paths below. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON must escape
export const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
/** Strings with surrogates are escaped unit by unit (writeEscapedUtf16); the rest byte by byte (writeEscapedUtf8). */
export const SURROGATE = /[\ud800-\udfff]/;
/** 1 for the UTF-8 bytes JSON escapes: control characters, quote and backslash (never part of a multi-byte sequence). */
const ESCAPED_BYTE = new Uint8Array(256).map((_, c) => (c < 0x20 || c === 34 || c === 92 ? 1 : 0));

/** Worst case per UTF-16 unit (writeEscapedUtf16) or UTF-8 byte (writeEscapedUtf8): a `\u00XX` or `\udXXX` escape. */
export const MAX_ESCAPED_BYTES = 6;

/**
 * Writes `"value"`, escaped, from the UTF-16 units of `value`: for strings with surrogates, whose pairs become
 * 4-byte UTF-8 sequences and whose lone halves become escapes (as well-formed JSON.stringify writes them).
 */
export function writeEscapedUtf16(buffer: Buffer, at: number, value: string): number {
  const length = value.length;
  let p = at;
  buffer[p++] = 34;
  for (let i = 0; i < length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x20 && c !== 34 && c !== 92) {
        buffer[p++] = c;
        continue;
      }
      p = writeAsciiEscape(buffer, p, c);
    } else if (c < 0x800) {
      buffer[p++] = 0xc0 | (c >> 6);
      buffer[p++] = 0x80 | (c & 0x3f);
    } else if (c < 0xd800 || c > 0xdfff) {
      buffer[p++] = 0xe0 | (c >> 12);
      buffer[p++] = 0x80 | ((c >> 6) & 0x3f);
      buffer[p++] = 0x80 | (c & 0x3f);
    } else {
      const next = i + 1 < length ? value.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const point = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        buffer[p++] = 0xf0 | (point >> 18);
        buffer[p++] = 0x80 | ((point >> 12) & 0x3f);
        buffer[p++] = 0x80 | ((point >> 6) & 0x3f);
        buffer[p++] = 0x80 | (point & 0x3f);
        i++;
      } else {
        // A lone surrogate: well-formed JSON.stringify writes it as an escape.
        buffer[p++] = 92;
        p = writeUnicodeEscape(buffer, p, c);
      }
    }
  }
  buffer[p++] = 34;
  return p;
}

/**
 * Writes `"…"`, escaped, from the first `size` bytes of `utf8` (a string without surrogates, already encoded
 * natively): only ASCII bytes ever need an escape, so multi-byte sequences pass through unchanged.
 */
export function writeEscapedUtf8(buffer: Buffer, at: number, utf8: Buffer, size: number): number {
  let p = at;
  buffer[p++] = 34;
  for (let i = 0; i < size; i++) {
    const c = utf8[i] as number;
    // One table load instead of three comparisons (JSON log lines carry many quotes).
    if (ESCAPED_BYTE[c] === 0) {
      buffer[p++] = c;
      continue;
    }
    p = writeAsciiEscape(buffer, p, c);
  }
  buffer[p++] = 34;
  return p;
}

/**
 * Writes `"value"`, escaped, for a string of ASCII characters only, straight from its UTF-16 units: for short
 * strings (keys, ids, log lines) this loop costs less than a native UTF-8 write plus a scan. Returns -1, with
 * an undefined part of `buffer` written, at the first non-ASCII character: the caller then takes another path.
 */
export function writeEscapedAscii(buffer: Buffer, at: number, value: string): number {
  const length = value.length;
  let p = at;
  buffer[p++] = 34;
  for (let i = 0; i < length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x80) return -1;
    if (ESCAPED_BYTE[c] === 0) buffer[p++] = c;
    else p = writeAsciiEscape(buffer, p, c);
  }
  buffer[p++] = 34;
  return p;
}

/** Writes the JSON escape of an ASCII quote, backslash or control character, as JSON.stringify does. */
function writeAsciiEscape(buffer: Buffer, at: number, c: number): number {
  let p = at;
  buffer[p++] = 92; // backslash
  if (c === 34 || c === 92) buffer[p++] = c;
  else if (c === 10) buffer[p++] = 110; // n
  else if (c === 13) buffer[p++] = 114; // r
  else if (c === 9) buffer[p++] = 116; // t
  else if (c === 8) buffer[p++] = 98; // b
  else if (c === 12) buffer[p++] = 102; // f
  else p = writeUnicodeEscape(buffer, p, c);
  return p;
}

/** Writes `uXXXX` (the backslash is already written) with lowercase hex digits, as JSON.stringify does. */
function writeUnicodeEscape(buffer: Buffer, at: number, code: number): number {
  let p = at;
  buffer[p++] = 117; // u
  buffer[p++] = HEX.charCodeAt((code >> 12) & 15);
  buffer[p++] = HEX.charCodeAt((code >> 8) & 15);
  buffer[p++] = HEX.charCodeAt((code >> 4) & 15);
  buffer[p++] = HEX.charCodeAt(code & 15);
  return p;
}
