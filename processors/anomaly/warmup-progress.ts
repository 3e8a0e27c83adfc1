/**
 * Logs how far the warm-up has come, every 10 % of its events: with a long warm-up (thousands of events at
 * a slow rate) an operator otherwise sees "learning" on every event and no hint of when scoring starts.
 */
import type { Logger } from 'pino';

const STEPS = 10;

/** Called with the events seen before and after a batch; logs once per batch that crosses a 10 % step. */
export function logWarmupProgress(logger: Pick<Logger, 'info'>, before: number, after: number, warmup: number, model: string): void {
  if (before >= warmup || after <= before) return;
  const reached = Math.floor((Math.min(after, warmup) * STEPS) / warmup);
  if (reached <= Math.floor((before * STEPS) / warmup)) return;
  const seen = Math.min(after, warmup);
  logger.info({ model, seen, warmup, percent: (reached * 100) / STEPS }, `anomaly warm-up ${(reached * 100) / STEPS} % (${seen} of ${warmup} events)`);
}
