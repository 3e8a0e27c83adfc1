/**
 * Follows a download that another process (Maven) writes, by the size of the files it grows on disk. Maven's
 * resolver writes beside the final file and renames it when complete: `<file>.part` with Maven 3.8 (next to a
 * `<file>.part.lock`, seen downloading into an empty local repository), `<file>.<random number>.tmp` with the
 * resolver's collocated temporary files (resolver 1.9 on). Watching sizes needs no hook into Maven.
 */
import { readdirSync, statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

const TEMPORARY = /\.(part|tmp)$/;

export class DownloadWatcher {
  private last = -1;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private running: Promise<number | undefined> = Promise.resolve(undefined);

  /** `target`: the file the download ends up as; `onBytes` hears each new size. */
  constructor(
    private readonly target: string,
    private readonly onBytes: (received: number) => void,
  ) {}

  /** Looks once at the folder; reports the bytes when they grew. Undefined while nothing is written yet (or once stopped). */
  sample(): Promise<number | undefined> {
    // One look at a time: a slow disk must not interleave two reads and report sizes out of order.
    this.running = this.running.then(() => this.look());
    return this.running;
  }

  /** Samples every `intervalMs` until stop(). */
  start(intervalMs: number): void {
    const tick = () => {
      void this.sample().then(() => {
        if (this.timer !== undefined) this.timer = setTimeout(tick, intervalMs);
      });
    };
    this.timer = setTimeout(tick, intervalMs);
  }

  /**
   * Stops sampling and takes a last look, so the final size is reported once the file is complete. The look
   * is synchronous: whatever the caller says next (the download is done) comes after the last report.
   */
  stop(): number | undefined {
    clearTimeout(this.timer);
    this.timer = undefined;
    let received: number | undefined;
    try {
      const sizes = this.candidates(readdirSync(path.dirname(this.target))).map((file) => statSync(file, { throwIfNoEntry: false })?.size ?? -1);
      received = this.report(sizes);
    } catch {
      received = undefined;
    }
    this.stopped = true;
    return received;
  }

  private async look(): Promise<number | undefined> {
    let entries: string[];
    try {
      entries = await readdir(path.dirname(this.target));
    } catch {
      return undefined;
    }
    const sizes = await Promise.all(this.candidates(entries).map((file) => stat(file).then((s) => s.size, () => -1)));
    return this.stopped ? undefined : this.report(sizes);
  }

  /** The final file and its temporary names among a folder's entries, as paths. */
  private candidates(entries: readonly string[]): string[] {
    const name = path.basename(this.target);
    const folder = path.dirname(this.target);
    return entries.filter((entry) => entry === name || (entry.startsWith(`${name}.`) && TEMPORARY.test(entry))).map((entry) => path.join(folder, entry));
  }

  private report(sizes: readonly number[]): number | undefined {
    // The final file and a temporary one exist together only for the instant of the rename: the larger is the truth.
    const received = Math.max(-1, ...sizes);
    if (received < 0) return undefined;
    if (received > this.last) {
      this.last = received;
      this.onBytes(received);
    }
    return received;
  }
}
