import { describe, expect, it } from 'vitest';
import { logWarmupProgress } from './warmup-progress.js';

function recorder() {
  const lines: { fields: Record<string, unknown>; message: string }[] = [];
  return { lines, logger: { info: (fields: Record<string, unknown>, message: string) => void lines.push({ fields, message }) } as never };
}

describe('logWarmupProgress', () => {
  it('logs every 10 % of the warm-up, one line per batch that crosses a step', () => {
    const { lines, logger } = recorder();
    let seen = 0;
    for (const batch of [30, 30, 30, 100, 5, 900]) {
      logWarmupProgress(logger, seen, seen + batch, 300, 'online');
      seen += batch;
    }
    expect(lines.map((l) => l.message)).toEqual([
      'anomaly warm-up 10 % (30 of 300 events)',
      'anomaly warm-up 20 % (60 of 300 events)',
      'anomaly warm-up 30 % (90 of 300 events)',
      'anomaly warm-up 60 % (190 of 300 events)',
      'anomaly warm-up 100 % (300 of 300 events)',
    ]);
    expect(lines[3]?.fields).toEqual({ model: 'online', seen: 190, warmup: 300, percent: 60 });
  });

  it('says nothing within a step, after the warm-up, or for an empty batch', () => {
    const { lines, logger } = recorder();
    logWarmupProgress(logger, 0, 29, 300, 'online');
    logWarmupProgress(logger, 300, 400, 300, 'online');
    logWarmupProgress(logger, 30, 30, 300, 'online');
    expect(lines).toEqual([]);
  });
});
