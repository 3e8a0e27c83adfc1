/**
 * The one retry policy of the agent: exponential backoff with jitter, the retriable/non-retriable decision
 * and the log ladder, shared by every output, the dead letters and the Kafka input. Written here rather than
 * taken from p-retry because the search-engine output retries subsets of a request on its own timers and
 * needs the delay itself, not a wrapped function; both paths must pace and log alike.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { isRetriable } from '../errors.js';

export interface BackoffSettings {
  /** Delay before the first retry, in ms. */
  readonly initial: number;
  /** Ceiling of the delay, in ms. */
  readonly max: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = { initial: 200, max: 30_000 };

export type LogLevel = 'warn' | 'error' | 'debug';

/** The first failure of a run is a warning, every tenth an error, the rest debug: visible, not flooding. */
export function failureLevel(consecutive: number): LogLevel {
  return consecutive <= 1 ? 'warn' : consecutive % 10 === 0 ? 'error' : 'debug';
}

export interface RetryHooks {
  /** Aborting it ends the retries: `retry` rejects with the last error. */
  readonly signal?: AbortSignal | undefined;
  /** Whether an error is worth another try; by default `isRetriable` (SidecarError's flag, else yes). */
  readonly shouldRetry?: (error: unknown) => boolean;
  /** Called before each wait, with the attempt that failed (1-based) and the wait in ms. */
  readonly onRetry?: (error: unknown, attempt: number, waitMs: number) => void;
}

export class RetryPolicy {
  constructor(readonly backoff: BackoffSettings = DEFAULT_BACKOFF) {}

  /**
   * Wait before retry number `attempt` (1-based): between half and all of initial × 2^(attempt−1), capped.
   * The jitter keeps many agents that lost the same server from coming back in lockstep.
   */
  delay(attempt: number): number {
    const ceiling = Math.min(this.backoff.max, this.backoff.initial * 2 ** Math.min(Math.max(attempt, 1) - 1, 30));
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  /** Runs `attempt` until it succeeds, a failure is not retriable, or the signal aborts. */
  async retry<T>(attempt: (n: number) => Promise<T>, hooks: RetryHooks = {}): Promise<T> {
    const shouldRetry = hooks.shouldRetry ?? isRetriable;
    for (let n = 1; ; n++) {
      try {
        return await attempt(n);
      } catch (error) {
        if (hooks.signal?.aborted || !shouldRetry(error)) throw error;
        const wait = this.delay(n);
        hooks.onRetry?.(error, n, wait);
        const aborted = await pause(wait, hooks.signal);
        if (aborted) throw error;
      }
    }
  }
}

/** Sleeps `ms`; resolves true when `signal` aborted the sleep (or was already aborted). */
export async function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return true;
  try {
    await delay(ms, undefined, signal ? { signal } : undefined);
    return false;
  } catch {
    return true;
  }
}
