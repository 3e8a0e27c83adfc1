import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** Resolves when the server answers; throws (with a reason) when it does not yet. */
  probe: () => Promise<string>;
  timeoutMs: number;
  intervalMs?: number;
  /** Checked between attempts: a reason to give up before the timeout (the process died), or undefined. */
  gaveUp?: () => Promise<string | undefined>;
}

export type WaitResult = { ready: true; detail: string } | { ready: false; reason: string; lastError: string };

/** Polls `probe` until it succeeds, `gaveUp` says stop, or the time is up. */
export async function waitUntilReady(options: WaitOptions): Promise<WaitResult> {
  const { probe, timeoutMs, intervalMs = 1_000, gaveUp } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer yet';
  for (;;) {
    try {
      return { ready: true, detail: await probe() };
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    const reason = gaveUp ? await gaveUp() : undefined;
    if (reason !== undefined) return { ready: false, reason, lastError };
    if (Date.now() >= deadline) {
      return { ready: false, reason: `no answer within ${Math.round(timeoutMs / 1000)} s`, lastError };
    }
    await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
  }
}
