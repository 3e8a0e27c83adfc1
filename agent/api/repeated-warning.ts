/**
 * A warning that can repeat thousands of times a second (a proxy check timing out under a flood): the first
 * occurrence of each kind is logged at once, later ones are counted and logged as one line per interval with
 * the count and the latest details, so an incident is visible without flooding the log.
 */
import type { Logger } from 'pino';

interface Pending {
  count: number;
  latest: Record<string, unknown>;
}

export class RepeatedWarning {
  private readonly pending = new Map<string, Pending>();
  private readonly lastLogged = new Map<string, number>();

  constructor(
    private readonly logger: Logger,
    private readonly message: string,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Logs the warning for `kind` now if it was not logged within the interval; otherwise counts it. */
  warn(kind: string, details: Record<string, unknown>): void {
    const time = this.now();
    const last = this.lastLogged.get(kind);
    if (last !== undefined && time - last < this.intervalMs) {
      const pending = this.pending.get(kind);
      if (pending === undefined) this.pending.set(kind, { count: 1, latest: details });
      else {
        pending.count += 1;
        pending.latest = details;
      }
      return;
    }
    const suppressed = this.pending.get(kind)?.count ?? 0;
    this.pending.delete(kind);
    this.lastLogged.set(kind, time);
    this.logger.warn(suppressed > 0 ? { ...details, repeated: suppressed, over_ms: time - (last ?? time) } : details, this.message);
  }

  /** Logs what was counted and not yet logged (on shutdown). */
  flush(): void {
    for (const [kind, { count, latest }] of this.pending) this.logger.warn({ ...latest, repeated: count, kind }, this.message);
    this.pending.clear();
  }
}
