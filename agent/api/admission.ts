/**
 * Bounds the API's work: at most `concurrent` requests run, at most `queued` wait; one more is refused at once
 * (429 with Retry-After) instead of growing a queue that would answer too late anyway. Log shipping has its
 * own window in the pipeline, so neither path can take the other's place.
 */
export class Admission {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrent: number,
    private readonly queued: number,
  ) {}

  get active(): number {
    return this.running;
  }

  get queueLength(): number {
    return this.waiting.length;
  }

  /** Resolves with a release function once the request may run; undefined when the queue is full. */
  enter(): Promise<(() => void) | undefined> {
    if (this.running < this.concurrent) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.queued) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiting.push(() => resolve(this.releaser())));
  }

  /** Drops a waiting request that gave up (timed out) before it ran. */
  abandon(entered: Promise<(() => void) | undefined>): void {
    void entered.then((release) => release?.());
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    };
  }
}
