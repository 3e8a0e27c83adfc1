/**
 * Files found by the discovery watcher (kernel watches on the globs' directories) or by a scan, waiting for
 * the read loop to follow them. Each is opened at once: an open descriptor pins the file, so even one that is
 * renamed away before the read loop gets to it is still read.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { Logger } from 'pino';
import { errorMessage } from '../../kit.js';
import type { PathMatcher } from './discovery.js';
import { NewFileWatch } from './new-file-watch.js';

/** A found file and its opening (undefined when it could not be opened). */
export type FoundFile = readonly [path: string, opening: Promise<FileHandle | undefined>];

export class FoundFiles {
  private found: FoundFile[] = [];
  private watcher: NewFileWatch | undefined;

  constructor(
    private readonly matcher: PathMatcher,
    private readonly logger: Logger,
    /** Called for every file found. */
    private readonly onActivity: () => void,
    /** Called for each write the discovery watcher sees to a file in a watched directory. */
    private readonly onWrite: (file: string) => void = () => undefined,
  ) {}

  get waiting(): number {
    return this.found.length;
  }

  /** Opens `file` for reading; a file gone already is no error. */
  async open(file: string): Promise<FileHandle | undefined> {
    try {
      return await open(file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.logger.warn({ path: file, err: errorMessage(error) }, 'cannot open file; will retry on next scan');
      return undefined;
    }
  }

  add(file: string): void {
    this.found.push([file, this.open(file)]);
    this.onActivity();
  }

  /** The files found since the last call. */
  take(): FoundFile[] {
    const found = this.found;
    this.found = [];
    return found;
  }

  /** Starts the discovery watcher: new files are added as they appear, between scans. */
  async watch(): Promise<void> {
    this.watcher = new NewFileWatch(
      this.matcher,
      (file) => this.add(file),
      (error) => this.logger.warn({ err: errorMessage(error) }, 'file watcher error; relying on periodic scans'),
      this.onWrite,
    );
    await this.watcher.start();
  }

  /** With each scan: watches directories that appeared since (a late mount) and those whose watch failed. */
  async refreshWatch(): Promise<void> {
    await this.watcher?.refresh();
  }

  stopWatching(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  /** Closes files found but not taken (the input stops). */
  async closeUntaken(): Promise<void> {
    for (const [, opening] of this.found.splice(0)) await (await opening)?.close();
  }
}
