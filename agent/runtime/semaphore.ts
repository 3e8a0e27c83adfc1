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

  acquire(): Promise<void> {
    if (this.available > 0) {
      this.available--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
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
