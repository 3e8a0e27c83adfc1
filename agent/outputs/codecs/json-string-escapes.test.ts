import { describe, expect, it } from 'vitest';
import { MAX_ESCAPED_BYTES, NEEDS_ESCAPE, SURROGATE, writeEscapedUtf16, writeEscapedUtf8 } from './json-string-escapes.js';

const strings = [
  '',
  'plain',
  'quote " backslash \\ newline \n return \r tab \t backspace \b form feed \f nul \u0000 unit separator \u001f del \u007f',
  'é ü 中文 \u2028 \u2029',
  '{"level":"INFO","message":"nested \\"json\\""}',
];
const withSurrogates = ['😀 pair', '\ud800 lone high', 'lone low \udc00', 'reversed \udc00\ud800', 'ends high \ud83d', ...strings];

/** Writes with `write` into a buffer sized for the worst case, starting at an offset, and returns the text between. */
function written(size: number, write: (buffer: Buffer, at: number) => number): string {
  const buffer = Buffer.alloc(size * MAX_ESCAPED_BYTES + 2 + 3, 0xff);
  const end = write(buffer, 3);
  return buffer.subarray(3, end).toString('utf8');
}

describe('JSON string escapes', () => {
  it('escape UTF-8 bytes exactly as JSON.stringify does', () => {
    for (const value of strings) {
      const utf8 = Buffer.from(value, 'utf8');
      expect(written(utf8.length, (buffer, at) => writeEscapedUtf8(buffer, at, utf8, utf8.length))).toBe(JSON.stringify(value));
    }
  });

  it('escape UTF-16 units, pairs and lone surrogates exactly as JSON.stringify does', () => {
    for (const value of withSurrogates) {
      expect(written(value.length, (buffer, at) => writeEscapedUtf16(buffer, at, value))).toBe(JSON.stringify(value));
    }
  });

  it('stay within the worst case per unit or byte', () => {
    const worst = '\u0001'.repeat(10);
    const buffer = Buffer.alloc(worst.length * MAX_ESCAPED_BYTES + 2);
    expect(writeEscapedUtf16(buffer, 0, worst)).toBe(buffer.length);
    expect(writeEscapedUtf8(buffer, 0, Buffer.from(worst), worst.length)).toBe(buffer.length);
    expect(writeEscapedUtf16(buffer, 0, '\ud800'.repeat(10))).toBe(buffer.length);
  });

  it('tell which strings need escaping and which have surrogates', () => {
    expect(['plain', 'é 中文', '2026-01-01T00:00:00.000Z'].some((s) => NEEDS_ESCAPE.test(s))).toBe(false);
    expect(['"', '\\', '\n', '\u001f', '😀'].every((s) => NEEDS_ESCAPE.test(s))).toBe(true);
    expect([SURROGATE.test('😀'), SURROGATE.test('é\n"')]).toEqual([true, false]);
  });
});
