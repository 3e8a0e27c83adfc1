/**
 * The `file` input: follows every file matching the globs, one read loop for all of them (fair: each file
 * gets a byte budget per turn), with rotation, truncation and deletion handled at end of file, and
 * checkpoints that only cover delivered events.
 *
 * Rotation by rename: the open descriptor keeps reading the old file to its end (plus `rotate_wait` of
 * quiet), while the new file at the path is read from 0. Copytruncate: a shrinking size or changed first
 * bytes restart the file at 0. After a crash, a file that was rotated away from the globs is found again
 * by its inode next to its old path, and its rest is read, so rotation during downtime loses nothing.
 */
import type { FSWatcher } from 'chokidar';
import { watch, type FSWatcher as FileWatcher } from 'node:fs';
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { BatchSink, Input, InputContext } from '../../component.js';
import { JsonStateFile } from '../../checkpoints/state-file.js';
import { errorMessage } from '../../errors.js';
import type { FileInputConfig } from './config.js';
import { PathMatcher } from './discovery.js';
import { confirmFingerprint, fileKey, takeFingerprint } from './fingerprint.js';
import { FileTail, type TailOptions, type TailPosition } from './file-tail.js';

/** Bytes one file may read per turn before the loop moves to the next file. */
const TURN_BUDGET = 4 * 1024 * 1024;

const positionSchema = z.object({
  path: z.string(),
  fingerprint: z.object({ length: z.number().int().nonnegative(), hash: z.string() }),
  offset: z.number().int().nonnegative(),
});
const checkpointFileSchema = z.object({ version: z.literal(1), files: z.record(z.string(), positionSchema) });

export class FileInput implements Input {
  private readonly matcher: PathMatcher;
  private readonly state: JsonStateFile<typeof checkpointFileSchema>;
  private readonly tailOptions: TailOptions;
  private readonly tails = new Map<string, FileTail>();
  /** Released files whose last batches are still in flight: their positions stay in the checkpoint. */
  private releasing: FileTail[] = [];
  /** Positions read from the checkpoint file and not yet matched to a file. */
  private readonly saved = new Map<string, TailPosition>();
  /**
   * Files seen by the watcher or a scan, opened at once: an open descriptor pins the file, so even one that
   * is renamed away before the read loop gets to it is still read.
   */
  private discovered: [string, Promise<FileHandle | undefined>][] = [];
  private readonly buffer: Buffer;
  private lastWritten = '';
  private watcher: FSWatcher | undefined;
  /**
   * One kernel watch per followed file, only to wake the read loop on every write. chokidar's change events
   * are throttled (at most one per 50 ms, later ones dropped), which cost tens of milliseconds of latency
   * and, for the last write of a burst, a whole poll interval.
   */
  private readonly changeWatches = new Map<string, FileWatcher>();
  private wake: (() => void) | undefined;

  constructor(
    private readonly config: FileInputConfig,
    private readonly ctx: InputContext,
  ) {
    this.matcher = new PathMatcher(config.include, config.exclude, ctx.configDir);
    const safeId = ctx.id.replace(/[^A-Za-z0-9_.-]/g, '_');
    this.state = new JsonStateFile(path.join(ctx.stateDir, 'checkpoints', `file-${safeId}.json`), checkpointFileSchema);
    this.buffer = Buffer.allocUnsafe(config.read_buffer_bytes);
    this.tailOptions = {
      maxLineBytes: config.max_line_bytes,
      multiline: config.multiline && { startPattern: new RegExp(config.multiline.start_pattern), maxLines: config.multiline.max_lines },
      stamp: ctx.stamp,
    };
  }

  async run(sink: BatchSink, signal: AbortSignal): Promise<void> {
    await this.loadCheckpoints();
    for (const file of await this.matcher.scan()) await this.track(file, this.openNow(file), true);
    await this.recoverRotatedFiles();
    this.saved.clear();
    if (!this.ctx.once) {
      this.watcher = this.matcher.watch(
        (event, file) => {
          if (event === 'add') this.discover(file);
          this.wake?.();
        },
        (error) => this.ctx.logger.warn({ err: errorMessage(error) }, 'file watcher error; relying on periodic scans'),
      );
    }
    let lastScan = Date.now();
    const onAbort = () => this.wake?.();
    signal.addEventListener('abort', onAbort);
    try {
      while (!signal.aborted) {
        const discovered = this.discovered;
        this.discovered = [];
        for (const [file, handle] of discovered) await this.track(file, handle, false);
        let progressed = false;
        for (const tail of [...this.tails.values()]) {
          if (signal.aborted) break;
          if ((await this.readTail(tail, sink)) > 0) progressed = true;
        }
        if (signal.aborted) break;
        await this.housekeeping(sink);
        if (this.ctx.once && !progressed && [...this.tails.values()].every((t) => t.atEnd)) break;
        if (!this.ctx.once && Date.now() - lastScan >= this.config.scan_interval) {
          for (const file of await this.matcher.scan()) this.discover(file);
          lastScan = Date.now();
        }
        if (!progressed && this.discovered.length === 0) await this.sleep(this.config.poll_interval, signal);
      }
      if (this.ctx.once) for (const tail of this.tails.values()) await tail.flushMultiline(sink);
    } finally {
      signal.removeEventListener('abort', onAbort);
      await this.watcher?.close();
      this.watcher = undefined;
      // Files opened on discovery but not followed before the stop.
      for (const [, opening] of this.discovered.splice(0)) await (await opening)?.close();
    }
  }

  snapshotCheckpoint(): () => Promise<void> {
    const files: Record<string, TailPosition> = {};
    for (const [key, position] of this.saved) files[key] = position;
    this.releasing = this.releasing.filter((tail) => tail.undelivered > 0);
    for (const tail of this.releasing) files[tail.key] = tail.position();
    for (const tail of this.tails.values()) files[tail.key] = tail.position();
    const content = { version: 1 as const, files };
    const text = JSON.stringify(content);
    return async () => {
      if (text === this.lastWritten) return;
      await this.state.write(content);
      this.lastWritten = text;
    };
  }

  async close(): Promise<void> {
    await this.watcher?.close();
    for (const key of [...this.changeWatches.keys()]) this.unwatch(key);
    for (const tail of this.tails.values()) await tail.close().catch(() => undefined);
  }

  private async loadCheckpoints(): Promise<void> {
    const result = await this.state.read();
    if (result.kind === 'corrupt') {
      this.ctx.logger.error({ file: result.movedTo, reason: result.reason }, 'checkpoint file unreadable; set aside, starting without it');
    } else if (result.kind === 'ok') {
      for (const [key, position] of Object.entries(result.value.files)) this.saved.set(key, position);
      this.lastWritten = JSON.stringify(result.value);
    }
  }

  private discover(file: string): void {
    this.discovered.push([file, this.openNow(file)]);
    this.wake?.();
  }

  private async openNow(file: string): Promise<FileHandle | undefined> {
    try {
      return await open(file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.ctx.logger.warn({ path: file, err: errorMessage(error) }, 'cannot open file; will retry on next scan');
      return undefined;
    }
  }

  /** Starts following `file` unless it is already followed (possibly under another name after a rename). */
  private async track(file: string, opening: Promise<FileHandle | undefined>, initialScan: boolean): Promise<void> {
    const handle = await opening;
    if (!handle) return;
    try {
      const st = await handle.stat({ bigint: true });
      const key = fileKey(st.dev, st.ino);
      const existing = this.tails.get(key);
      if (!st.isFile() || existing) {
        if (existing && existing.path !== file) {
          this.ctx.logger.info({ from: existing.path, to: file }, 'file renamed; following it');
          existing.path = file;
          existing.removed = false;
        }
        await handle.close();
        return;
      }
      const size = Number(st.size);
      const start = await this.startPosition(key, handle, size, initialScan);
      const tail = new FileTail(key, file, handle, start.fingerprint, start.offset, this.tailOptions, start.skipPartialLine);
      this.follow(tail);
      this.ctx.logger.info({ path: file, offset: start.offset, reason: start.reason }, 'following file');
    } catch (error) {
      await handle.close().catch(() => undefined);
      this.ctx.logger.warn({ path: file, err: errorMessage(error) }, 'cannot follow file; will retry on next scan');
    }
  }

  private async startPosition(key: string, handle: FileHandle, size: number, initialScan: boolean) {
    const saved = this.saved.get(key);
    if (saved) {
      const confirmed = await confirmFingerprint(handle, size, saved.fingerprint);
      if (confirmed && saved.offset <= size) return { offset: saved.offset, fingerprint: confirmed, skipPartialLine: false, reason: 'checkpoint' };
      const fingerprint = await takeFingerprint(handle, size);
      const reason = confirmed ? 'truncated since checkpoint' : 'new file behind a known inode';
      return { offset: 0, fingerprint, skipPartialLine: false, reason };
    }
    const fingerprint = await takeFingerprint(handle, size);
    if (initialScan && this.config.start_at === 'end' && size > 0) {
      // Start at the beginning of an unfinished last line, so it is delivered whole once completed.
      const lineStart = await lastLineStart(handle, size, Math.min(size, this.config.max_line_bytes));
      if (lineStart !== undefined) return { offset: lineStart, fingerprint, skipPartialLine: false, reason: 'start_at end' };
      return { offset: size, fingerprint, skipPartialLine: true, reason: 'start_at end (skipping an over-long unfinished line)' };
    }
    return { offset: 0, fingerprint, skipPartialLine: false, reason: 'new file' };
  }

  /**
   * Checkpointed files that the globs no longer match may have been rotated away while the agent was down:
   * look for their inode in their old directory and read what is left.
   */
  private async recoverRotatedFiles(): Promise<void> {
    const byDir = new Map<string, Map<string, TailPosition>>();
    for (const [key, position] of this.saved) {
      const dir = path.dirname(position.path);
      if (!byDir.has(dir)) byDir.set(dir, new Map());
      byDir.get(dir)?.set(key, position);
    }
    for (const [dir, wanted] of byDir) {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        continue;
      }
      for (const name of names) {
        const file = path.join(dir, name);
        const st = await stat(file, { bigint: true }).catch(() => undefined);
        const key = st && fileKey(st.dev, st.ino);
        const position = key === undefined ? undefined : wanted.get(key);
        if (!st?.isFile() || key === undefined || position === undefined || this.tails.has(key)) continue;
        const handle = await open(file, 'r').catch(() => undefined);
        if (!handle) continue;
        const confirmed = await confirmFingerprint(handle, Number(st.size), position.fingerprint);
        if (!confirmed || position.offset >= Number(st.size)) {
          await handle.close();
          continue;
        }
        const tail = new FileTail(key, file, handle, confirmed, position.offset, this.tailOptions);
        tail.removed = true;
        this.follow(tail);
        this.ctx.logger.info({ path: file, was: position.path, offset: position.offset }, 'found a file rotated while stopped; reading its rest');
      }
    }
  }

  private follow(tail: FileTail): void {
    this.tails.set(tail.key, tail);
    this.saved.delete(tail.key);
    if (this.ctx.once) return;
    try {
      const watcher = watch(tail.path, { persistent: false }, () => this.wake?.());
      watcher.on('error', () => this.unwatch(tail.key));
      this.changeWatches.set(tail.key, watcher);
    } catch (error) {
      this.ctx.logger.debug({ path: tail.path, err: errorMessage(error) }, 'no change notifications for file; polling it');
    }
  }

  private unwatch(key: string): void {
    this.changeWatches.get(key)?.close();
    this.changeWatches.delete(key);
  }

  private async readTail(tail: FileTail, sink: BatchSink): Promise<number> {
    try {
      return await tail.read(this.buffer, sink, TURN_BUDGET);
    } catch (error) {
      this.ctx.logger.warn({ path: tail.path, err: errorMessage(error) }, 'read failed; will retry');
      return 0;
    }
  }

  /** At end of file: notice rotation, deletion and truncation; release finished files; time out multi-line events. */
  private async housekeeping(sink: BatchSink): Promise<void> {
    const now = Date.now();
    for (const tail of [...this.tails.values()]) {
      if (this.config.multiline && tail.multilineIdleFor(now) >= this.config.multiline.timeout) await tail.flushMultiline(sink);
      if (!tail.atEnd) continue;
      try {
        if (!tail.removed) await this.checkPath(tail);
        if (!tail.removed && (await tail.detectTruncation())) {
          this.ctx.logger.info({ path: tail.path }, 'file truncated (copytruncate?); reading it from the start');
        }
      } catch (error) {
        this.ctx.logger.warn({ path: tail.path, err: errorMessage(error) }, 'file check failed; will retry');
      }
      if (!tail.removed || (!this.ctx.once && now - tail.lastActivity < this.config.rotate_wait)) continue;
      // "At end" may be stale when this loop was busy elsewhere: read once more, release only at a real end.
      if ((await this.readTail(tail, sink)) === 0) await this.release(tail, sink);
    }
  }

  /** Marks a tail removed when its path was deleted or now leads to another file (which is then followed). */
  private async checkPath(tail: FileTail): Promise<void> {
    const st = await stat(tail.path, { bigint: true }).catch(() => undefined);
    if (st && fileKey(st.dev, st.ino) === tail.key) return;
    tail.removed = true;
    this.ctx.logger.info({ path: tail.path }, st ? 'file rotated; finishing the old one' : 'file deleted; finishing it');
    if (st && this.matcher.matches(tail.path)) this.discover(tail.path);
  }

  private async release(tail: FileTail, sink: BatchSink): Promise<void> {
    await tail.flushMultiline(sink);
    await tail.close();
    this.tails.delete(tail.key);
    this.unwatch(tail.key);
    this.releasing.push(tail);
    this.ctx.logger.info({ path: tail.path }, 'released rotated or deleted file');
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }
}

/** Offset just after the last newline within the final `window` bytes (0 if the window is the whole file). */
async function lastLineStart(handle: FileHandle, size: number, window: number): Promise<number | undefined> {
  const tail = Buffer.allocUnsafe(window);
  const { bytesRead } = await handle.read(tail, 0, window, size - window);
  const newline = tail.subarray(0, bytesRead).lastIndexOf(10);
  if (newline >= 0) return size - window + newline + 1;
  return window === size ? 0 : undefined;
}
