import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { RepeatedWarning } from './repeated-warning.js';

function recorder(): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

describe('RepeatedWarning', () => {
  it('logs the first of a kind at once and folds repeats within the interval into the next line', () => {
    const { logger, lines } = recorder();
    let now = 0;
    const warning = new RepeatedWarning(logger, 'check failed', 10_000, () => now);
    warning.warn('timeout', { detail: 'a' });
    for (let i = 0; i < 500; i++) warning.warn('timeout', { detail: `b${i}` });
    expect(lines).toHaveLength(1);
    now = 10_000;
    warning.warn('timeout', { detail: 'c' });
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ msg: 'check failed', detail: 'c', repeated: 500, over_ms: 10_000 });
  });

  it('keeps kinds apart and reports the rest on flush', () => {
    const { logger, lines } = recorder();
    const warning = new RepeatedWarning(logger, 'check failed', 10_000, () => 0);
    warning.warn('timeout', { detail: 'a' });
    warning.warn('busy', { detail: 'b' });
    warning.warn('busy', { detail: 'c' });
    expect(lines.map((l) => l['detail'])).toEqual(['a', 'b']);
    warning.flush();
    expect(lines[2]).toMatchObject({ kind: 'busy', repeated: 1, detail: 'c' });
    warning.flush();
    expect(lines).toHaveLength(3);
  });
});
