/**
 * An input whose globs match nothing sits idle without an error, which is how a wrong mount path looks: say
 * so at start-up (config check) and keep saying it while it lasts, then once when files appear.
 */
import type { Logger } from 'pino';

/**
 * How often the warning repeats while nothing matches: often enough to be in any recent window of the logs,
 * rare enough not to flood them.
 */
const NO_MATCH_REPEAT_MS = 60_000;

function describeGlobs(include: readonly string[], exclude: readonly string[]): string {
  return exclude.length === 0 ? JSON.stringify(include) : `${JSON.stringify(include)} (excluding ${JSON.stringify(exclude)})`;
}

export function noMatchMessage(include: readonly string[], exclude: readonly string[]): string {
  return `no file matches ${describeGlobs(include, exclude)} yet; the input will wait for one (is the log volume mounted at that path?)`;
}

export class NoMatchWarnings {
  private warnedAt: number | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly include: readonly string[],
    private readonly exclude: readonly string[],
    private readonly repeatEvery = NO_MATCH_REPEAT_MS,
  ) {}

  /** After a scan, or when a file is followed: whether the input has any file. */
  observe(matching: boolean, now: number): void {
    if (matching) {
      if (this.warnedAt !== undefined) this.logger.info({ include: this.include, exclude: this.exclude }, `files now match ${describeGlobs(this.include, this.exclude)}`);
      this.warnedAt = undefined;
      return;
    }
    if (this.warnedAt !== undefined && now - this.warnedAt < this.repeatEvery) return;
    this.warnedAt = now;
    this.logger.warn({ include: this.include, exclude: this.exclude }, noMatchMessage(this.include, this.exclude));
  }
}
