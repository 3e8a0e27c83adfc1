import { describe, expect, it } from 'vitest';
import { CARRY_KEPT_BYTES, LineFramer } from './line-framer.js';

interface Line {
  text: string;
  offset: number;
  next: number;
  truncated: boolean;
}

function frame(chunks: Buffer[], maxLineBytes = 1024, start = 0): { lines: Line[]; framer: LineFramer } {
  const lines: Line[] = [];
  const framer = new LineFramer(maxLineBytes, (bytes, s, e, offset, next, truncated) => {
    lines.push({ text: bytes.toString('utf8', s, e), offset, next, truncated });
  }, start);
  let base = start;
  for (const chunk of chunks) {
    framer.push(chunk, base);
    base += chunk.length;
  }
  return { lines, framer };
}

/** Splits `data` at random points, as reads of arbitrary sizes would. */
function randomChunks(data: Buffer, seed: number): Buffer[] {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const chunks: Buffer[] = [];
  let pos = 0;
  while (pos < data.length) {
    const size = 1 + Math.floor(random() * 40);
    chunks.push(data.subarray(pos, pos + size));
    pos += size;
  }
  return chunks;
}

describe('LineFramer', () => {
  it('splits lines and reports byte offsets of each line and of the next', () => {
    const { lines, framer } = frame([Buffer.from('one\ntwo\nthree\n')]);
    expect(lines.map((l) => [l.text, l.offset, l.next])).toEqual([
      ['one', 0, 4],
      ['two', 4, 8],
      ['three', 8, 14],
    ]);
    expect(framer.completeOffset).toBe(14);
    expect(framer.hasPartialLine).toBe(false);
  });

  it('holds a partial last line back until its newline arrives', () => {
    const { lines, framer } = frame([Buffer.from('done\npart')]);
    expect(lines.map((l) => l.text)).toEqual(['done']);
    expect(framer.completeOffset).toBe(5);
    expect(framer.hasPartialLine).toBe(true);
    framer.push(Buffer.from('ial\n'), 9);
    expect(lines.map((l) => l.text)).toEqual(['done', 'partial']);
    expect(lines[1]).toMatchObject({ offset: 5, next: 13 });
  });

  it('strips CR of CRLF, also when CR and LF arrive in different reads', () => {
    const { lines } = frame([Buffer.from('a\r\nb\r'), Buffer.from('\nc\r\n')]);
    expect(lines.map((l) => l.text)).toEqual(['a', 'b', 'c']);
  });

  it('frames identically however the stream is split into reads', () => {
    const text = Array.from({ length: 300 }, (_, i) => `line ${i} ${'x'.repeat(i % 37)}${i % 5 === 0 ? '\r' : ''}`).join('\n') + '\n';
    const data = Buffer.from(text);
    const whole = frame([data]).lines;
    for (let seed = 1; seed <= 25; seed++) expect(frame(randomChunks(data, seed)).lines).toEqual(whole);
    expect(whole).toHaveLength(300);
  });

  it('truncates lines longer than the cap, flags them and keeps framing the rest', () => {
    const long = 'y'.repeat(50);
    const data = Buffer.from(`short\n${long}\nafter\n`);
    for (const chunks of [[data], randomChunks(data, 7)]) {
      const { lines } = frame(chunks, 10);
      expect(lines.map((l) => [l.text, l.truncated])).toEqual([
        ['short', false],
        ['yyyyyyyyyy', true],
        ['after', false],
      ]);
      expect(lines[1]).toMatchObject({ offset: 6, next: 57 });
    }
  });

  it('keeps a line of exactly the cap intact, with or without CR', () => {
    const { lines } = frame(randomChunks(Buffer.from('0123456789\n0123456789\r\n'), 3), 10);
    expect(lines.map((l) => [l.text, l.truncated])).toEqual([
      ['0123456789', false],
      ['0123456789', false],
    ]);
  });

  it('decodes invalid UTF-8 and binary bytes to replacement characters without losing lines', () => {
    const data = Buffer.concat([Buffer.from('ok\n'), Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x0a]), Buffer.from('é\n')]);
    const { lines } = frame(randomChunks(data, 11));
    expect(lines.map((l) => l.text)).toEqual(['ok', '\ufffd\ufffd\u0000A', 'é']);
  });

  it('skips the partial first line after reset(offset, true) (start_at: end mid-line)', () => {
    const lines: string[] = [];
    const framer = new LineFramer(100, (b, s, e) => lines.push(b.toString('utf8', s, e)));
    framer.reset(10, true);
    framer.push(Buffer.from('tail of old\nnew line\n'), 10);
    expect(lines).toEqual(['new line']);
    expect(framer.completeOffset).toBe(31);
  });

  it('holds no carry until a read ends mid-line, and lets a long line\'s carry go once the line is complete', () => {
    const lines: string[] = [];
    const framer = new LineFramer(1024 * 1024, (b, s, e) => lines.push(b.toString('utf8', s, e)));
    framer.push(Buffer.from('whole\n'), 0);
    expect(framer.carryCapacity).toBe(0);
    framer.push(Buffer.from('part'), 6);
    expect(framer.carryCapacity).toBeGreaterThan(0);
    expect(framer.carryCapacity).toBeLessThanOrEqual(CARRY_KEPT_BYTES);
    const long = Buffer.alloc(200 * 1024, 'x');
    framer.push(long, 10);
    expect(framer.carryCapacity).toBeGreaterThan(CARRY_KEPT_BYTES);
    framer.push(Buffer.from('\nnext\n'), 10 + long.length);
    expect(lines.map((line) => line.length)).toEqual([5, 4 + long.length, 4]);
    expect(framer.carryCapacity).toBe(0);
  });
});
