/**
 * One kernel watch (fs.watch) per followed file, to wake the read loop on every write and tell it which file
 * changed. chokidar's change
 * events are throttled (at most one per 50 ms, later ones dropped), which cost tens of milliseconds of latency
 * and, for the last write of a burst, a whole poll interval. A file that cannot be watched is still polled.
 */
import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from 'pino';
import { errorMessage } from '../../kit.js';

export class ChangeWatches {
  private readonly watches = new Map<string, FSWatcher>();

  constructor(
    private readonly onChange: (key: string) => void,
    private readonly logger: Logger,
  ) {}

  /** Watches the file with identity `key` at `file`. */
  add(key: string, file: string): void {
    try {
      const watcher = watch(file, { persistent: false }, () => this.onChange(key));
      watcher.on('error', () => this.remove(key));
      this.watches.set(key, watcher);
    } catch (error) {
      this.logger.debug({ path: file, err: errorMessage(error) }, 'no change notifications for file; polling it');
    }
  }

  /** Whether a change of the file with identity `key` is notified (else it must be polled). */
  watching(key: string): boolean {
    return this.watches.has(key);
  }

  remove(key: string): void {
    this.watches.get(key)?.close();
    this.watches.delete(key);
  }

  removeAll(): void {
    for (const key of [...this.watches.keys()]) this.remove(key);
  }
}
