/**
 * The read loop's pause when no file had new bytes: until the poll interval passes, or earlier when a watcher
 * reports activity or the input is stopped. A wake while the loop is busy is not kept (the loop reads every
 * file before it pauses again anyway).
 */
export class IdleWait {
  private wakeSleeper: (() => void) | undefined;

  /** Ends the current pause, if any. */
  wake(): void {
    this.wakeSleeper?.();
  }

  pause(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeSleeper = () => {
        this.wakeSleeper = undefined;
        done();
      };
    });
  }
}
