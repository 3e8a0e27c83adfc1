/**
 * Bounds the API's work: at most `concurrent` requests run, at most `queued` wait; one more is refused at once
 * (429 with Retry-After) instead of growing a queue that would answer too late anyway. Log shipping has its
 * own window in the pipeline, so neither path can take the other's place.
 */
export class Admission {
  private running = 0;
  private readonly waiting: { admit: () => void; cancel: () => void }[] = [];
  /** The queue entry of each waiting request's promise, so abandon() can take it out of the queue. */
  private readonly entries = new WeakMap<Promise<(() => void) | undefined>, { admit: () => void; cancel: () => void }>();

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
    let entry: { admit: () => void; cancel: () => void } | undefined;
    const entered = new Promise<(() => void) | undefined>((resolve) => {
      entry = { admit: () => resolve(this.releaser()), cancel: () => resolve(undefined) };
      this.waiting.push(entry);
    });
    this.entries.set(entered, entry as { admit: () => void; cancel: () => void });
    return entered;
  }

  /** Drops a waiting request that gave up (timed out) before it ran. */
  abandon(entered: Promise<(() => void) | undefined>): void {
    const entry = this.entries.get(entered);
    const at = entry === undefined ? -1 : this.waiting.indexOf(entry);
    if (at >= 0) {
      // Still waiting: leave the queue, so its place goes to the next request instead of a 429.
      this.waiting.splice(at, 1);
      entry?.cancel();
      return;
    }
    void entered.then((release) => release?.());
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next.admit();
      else this.running--;
    };
  }
}
