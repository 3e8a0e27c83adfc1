import { afterEach, describe, expect, it } from 'vitest';
import { capturedLogger } from '../../test/helpers/captured-logger.js';
import { logProcessWarnings } from './process-warnings.js';

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('process warnings', () => {
  const before = process.listeners('warning');
  afterEach(() => {
    process.removeAllListeners('warning');
    for (const listener of before) process.on('warning', listener);
  });

  it('are logged once per kind, and the negative-timeout warning of the Kafka client only at debug', async () => {
    const lines: string[] = [];
    logProcessWarnings(capturedLogger(lines, 'debug'));
    process.emitWarning('-1796474347588 is a negative number.', 'TimeoutNegativeWarning');
    process.emitWarning('-1796474347999 is a negative number.', 'TimeoutNegativeWarning');
    process.emitWarning('something is deprecated', { type: 'DeprecationWarning', code: 'DEP0999' });
    process.emitWarning('something is deprecated', { type: 'DeprecationWarning', code: 'DEP0999' });
    await nextTick();
    const logged = lines.map((line) => JSON.parse(line) as { level: number; warning: string; code?: string; msg: string });
    expect(logged.map((l) => [l.level, l.warning, l.code])).toEqual([
      [20, 'TimeoutNegativeWarning', undefined],
      [40, 'DeprecationWarning', 'DEP0999'],
    ]);
    expect(logged[1]?.msg).toBe('something is deprecated (further DeprecationWarning warnings are not logged)');
  });
});
