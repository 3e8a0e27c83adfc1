import { describe, expect, it } from 'vitest';
import { MultilineJoiner } from './multiline.js';

function join(lines: string[], maxLines = 500, maxBytes = 10_000) {
  const out: { message: string; offset: number; next: number; flags: string[] | undefined }[] = [];
  const joiner = new MultilineJoiner(/^\d{4}-/, maxLines, maxBytes, (message, offset, next, flags) => out.push({ message, offset, next, flags }));
  let offset = 0;
  for (const line of lines) {
    const next = offset + Buffer.byteLength(line) + 1;
    joiner.line(line, offset, next, false, 0);
    offset = next;
  }
  return { out, joiner };
}

describe('MultilineJoiner', () => {
  it('appends continuation lines to the event their start line opened', () => {
    const { out, joiner } = join(['2024-01-01 boom', '  at a()', '  at b()', '2024-01-01 next']);
    expect(out).toEqual([{ message: '2024-01-01 boom\n  at a()\n  at b()', offset: 0, next: 34, flags: ['multiline'] }]);
    expect(joiner.pendingOffset).toBe(34);
    joiner.flush();
    expect(out[1]).toMatchObject({ message: '2024-01-01 next', flags: undefined });
  });

  it('splits at max_lines and flags the continuation instead of dropping lines', () => {
    const { out, joiner } = join(['2024-01-01 x', 'a', 'b', 'c'], 2);
    joiner.flush();
    expect(out.map((e) => [e.message, e.flags])).toEqual([
      ['2024-01-01 x\na', ['multiline']],
      ['b\nc', ['multiline_split', 'multiline']],
    ]);
  });

  it('truncates an event beyond max bytes and flags it', () => {
    const { out, joiner } = join(['2024-01-01 x', 'a'.repeat(30), 'b'.repeat(30)], 500, 40);
    joiner.flush();
    expect(out[0]?.message.length).toBeLessThanOrEqual(41);
    expect(out[0]?.flags).toContain('truncated');
  });
});
