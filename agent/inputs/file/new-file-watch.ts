/**
 * New files between scans: one kernel watch (fs.watch) per directory the globs can match in, which only looks
 * at entries that appear (rename events: created, moved in, renamed there). Writes to files, by far most of a
 * log directory's events, cost one callback and nothing more; appends to followed files are seen by their
 * own watches (change-watches.ts); a write to a file closed as inactive, which has none, is passed on to open
 * it again. chokidar re-read the whole directory on every write (an lstat of each
 * entry), which with 120 rotated files under the globs was most of the agent's CPU (bench/RESULTS.md).
 * Directories that appear later, and watches that failed, are picked up again on `refresh` (every scan).
 */
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { PathMatcher } from './discovery.js';

interface DirWatch {
  readonly watcher: FSWatcher;
  /**
   * The directory's inode and birth time when watched: a directory removed and made again needs a new watch,
   * and may get the same inode number.
   */
  readonly identity: string;
}

export class NewFileWatch {
  private readonly watches = new Map<string, DirWatch>();
  private closed = false;

  constructor(
    private readonly matcher: PathMatcher,
    /** Receives each regular file the globs match as it appears. */
    private readonly onFile: (file: string) => void,
    private readonly onError: (error: unknown) => void,
    /** Receives the path of each write to an entry (files not followed have no watch of their own). */
    private readonly onWrite: (file: string) => void = () => undefined,
  ) {}

  /** Watches the globs' directories that exist now. */
  async start(): Promise<void> {
    await this.refresh();
  }

  /** Watches directories that appeared (or were made again) since, and stops watching those gone. */
  async refresh(): Promise<void> {
    if (this.closed) return;
    const wanted = new Set(await this.matcher.watchedDirs());
    for (const dir of this.watches.keys()) if (!wanted.has(dir)) this.unwatch(dir);
    for (const dir of wanted) {
      const st = await stat(dir, { bigint: true }).catch(() => undefined);
      const identity = st && `${st.ino}:${st.birthtimeNs}`;
      const current = this.watches.get(dir);
      if (current && st?.isDirectory() && current.identity === identity) continue;
      if (current) this.unwatch(dir);
      if (st?.isDirectory() && identity && !this.closed) this.watchDir(dir, identity);
    }
  }

  close(): void {
    this.closed = true;
    for (const dir of [...this.watches.keys()]) this.unwatch(dir);
  }

  private watchDir(dir: string, identity: string): void {
    try {
      const watcher = watch(dir, { persistent: false }, (event, name) => {
        // "change" is a write to an entry; only entries that appear can be new files.
        if (event === 'rename') void this.appeared(name ? path.join(dir, name) : dir);
        else if (name) this.onWrite(path.join(dir, name));
      });
      watcher.on('error', (error) => {
        this.onError(error);
        this.unwatch(dir);
      });
      this.watches.set(dir, { watcher, identity });
    } catch (error) {
      this.onError(error);
    }
  }

  private unwatch(dir: string): void {
    this.watches.get(dir)?.watcher.close();
    this.watches.delete(dir);
  }

  /** An entry was created, moved or removed: a matching file is reported, a new directory watched and searched. */
  private async appeared(entry: string): Promise<void> {
    const st = await stat(entry).catch(() => undefined);
    if (this.closed || !st) return;
    if (st.isFile()) {
      if (this.matcher.matches(entry)) this.onFile(entry);
      return;
    }
    if (!st.isDirectory() || !this.matcher.deep) return;
    // A directory made or moved in below a deep glob: watch it, and report what it holds already.
    await this.refresh();
    const inside = entry + path.sep;
    for (const file of await this.matcher.scan()) if (file.startsWith(inside)) this.onFile(file);
  }
}
