import { describe, expect, it } from 'vitest';
import { completeLinesLength } from './complete-lines.js';
import type { AppendFile } from './file-system.js';

/** A read-only file over `content`; `shrinkTo` cuts it before the first read, as another writer might. */
function file(content: string | Buffer, shrinkTo?: number): AppendFile {
  let bytes = Buffer.from(content);
  const unused = async () => {
    throw new Error('not used');
  };
  return {
    size: async () => bytes.length,
    read: async (buffer, position) => {
      if (shrinkTo !== undefined) bytes = bytes.subarray(0, shrinkTo);
      return bytes.copy(buffer, 0, position, Math.min(bytes.length, position + buffer.length));
    },
    append: unused,
    sync: unused,
    truncate: unused,
    close: unused,
  };
}

const length = (content: string | Buffer) => completeLinesLength(file(content), Buffer.byteLength(content));

describe('complete lines', () => {
  it('ends after the last newline', async () => {
    expect(await length('')).toBe(0);
    expect(await length('a\nb\n')).toBe(4);
    expect(await length('a\nb\ntorn')).toBe(4);
    expect(await length('no newline at all')).toBe(0);
    expect(await length('é\n😀')).toBe(3);
  });

  it('finds the last newline before a torn tail longer than one read', async () => {
    expect(await length(`line\n${'x'.repeat(200_000)}`)).toBe(5);
    expect(await length('x'.repeat(200_000))).toBe(0);
    expect(await length(`${'y'.repeat(70_000)}\n${'x'.repeat(65_536)}`)).toBe(70_001);
  });

  it('fails, naming the size it found, when the file shrinks while it is read', async () => {
    await expect(completeLinesLength(file('a\nbbbb'), 6)).resolves.toBe(2);
    await expect(completeLinesLength(file('a\nbbbb', 3), 6)).rejects.toThrow('file shrank to 3 bytes while its last line was checked');
  });
});
