/** Counting semaphore: the bound on in-flight batches that turns a slow output into slower reading. */
export class Semaphore {
  private available: number;
  private readonly waiters: (() => void)[] = [];
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly capacity: number) {
    this.available = capacity;
  }

  get inUse(): number {
    return this.capacity - this.available;
  }

  /** Resolves true with a permit, or false when `signal` aborts first (no permit is then held). */
  acquire(signal?: AbortSignal): Promise<boolean> {
    if (this.available > 0) {
      this.available--;
      return Promise.resolve(true);
    }
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = () => {
        const index = this.waiters.indexOf(granted);
        if (index >= 0) this.waiters.splice(index, 1);
        resolve(false);
      };
      const granted = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(granted);
    });
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) {
      next();
      return;
    }
    this.available++;
    if (this.available === this.capacity) {
      const idle = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of idle) resolve();
    }
  }

  /** Resolves when every permit has been released. */
  idle(): Promise<void> {
    if (this.available === this.capacity) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
