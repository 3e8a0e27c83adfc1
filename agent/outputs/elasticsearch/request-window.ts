/**
 * The bound on bulk requests in flight (`max_in_flight_requests`): a request waits for a slot, so a slow
 * engine holds the pipeline's writes pending and reading slows down, instead of requests piling up.
 */
import { Semaphore } from '../../kit.js';

export class RequestWindow {
  private readonly slots: Semaphore;
  /** Requests sent, or waiting for a slot, and not answered yet. */
  private active = 0;

  constructor(private readonly size: number) {
    this.slots = new Semaphore(size);
  }

  /** Whether a request cut now would be sent at once. */
  get hasRoom(): boolean {
    return this.active < this.size;
  }

  /** Counts a request as active at once and resolves when it holds a slot; `leave` gives both back. */
  enter(): Promise<boolean> {
    this.active++;
    return this.slots.acquire();
  }

  leave(): void {
    this.slots.release();
    this.active--;
  }
}
