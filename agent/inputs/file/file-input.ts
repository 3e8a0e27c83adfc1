/**
 * The `file` input: follows every file matching the globs, one read loop for all of them (fair: each file
 * gets a byte budget per turn), with rotation, truncation and deletion handled at end of file, and
 * checkpoints that only cover delivered events.
 *
 * Rotation by rename: the open descriptor keeps reading the old file to its end (plus `rotate_wait` of
 * quiet), while the new file at the path is read from 0. Copytruncate: a shrinking size or changed first
 * bytes restart the file at 0, and a copy the globs also match continues where the original was read to
 * (copy-detector.ts). After a crash, a file that was rotated away from the globs is found again by its
 * inode next to its old path, and its rest is read, so rotation during downtime loses nothing. A released
 * file found again under the globs (renamed into them after it was read to its end) continues where it was
 * read to (released-files.ts). A file idle for `close_inactive` is closed and remembered there as well, so
 * idle rotated files left under the globs hold no descriptor, watch or buffer; a write opens one again.
 *
 * This module is the coordinator and the read loop; the jobs it hands out live beside it:
 * - checkpoint-file.ts: the saved positions, loaded at start-up and written in checkpoint rounds;
 * - start-position.ts: where a newly followed file starts (checkpoint, truncated since, start_at, copy);
 * - rotated-while-stopped.ts: checkpointed files renamed away while the agent was down;
 * - released-files.ts: files no longer followed, remembered by identity with how far they were read;
 * - found-files.ts and change-watches.ts: the discovery watcher and the per-file change watches;
 * - file-tail.ts: one followed file (reading, framing, acknowledgements, truncation).
 */
import type { FileHandle } from 'node:fs/promises';
import { stat } from 'node:fs/promises';
import type { BatchSink, Input, InputContext } from '../../kit.js';
import { errorMessage } from '../../kit.js';
import type { FileInputConfig } from './config.js';
import { reportBytesBehind } from './bytes-behind.js';
import { ChangeWatches } from './change-watches.js';
import { CheckpointFile } from './checkpoint-file.js';
import { CopyDetector, type CopyCandidate, type FollowedHead, type Verdict } from './copy-detector.js';
import { PathMatcher } from './discovery.js';
import { fileKey, FINGERPRINT_BYTES, readBytes } from './fingerprint.js';
import { FileTail, type TailOptions } from './file-tail.js';
import { FoundFiles } from './found-files.js';
import { IdleWait } from './idle-wait.js';
import { NoMatchWarnings } from './no-match.js';
import { ReleasedFiles } from './released-files.js';
import { rotatedWhileStopped } from './rotated-while-stopped.js';
import { newFilePosition, resumePosition, type StartPosition } from './start-position.js';

/** Bytes one file may read per turn before the loop moves to the next file. */
const TURN_BUDGET = 4 * 1024 * 1024;

/**
 * Least time a new file that starts like a followed one is held back, waiting for that one's truncation:
 * rotate_wait can be short, and missing the truncation means reading the whole copy again.
 */
const MIN_COPY_WAIT_MS = 2_000;

export class FileInput implements Input {
  private readonly matcher: PathMatcher;
  private readonly checkpoints: CheckpointFile;
  private readonly tailOptions: TailOptions;
  private readonly tails = new Map<string, FileTail>();
  /** Files no longer followed, by identity: in the checkpoint, and continued if found under the globs again. */
  private readonly released = new ReleasedFiles();
  private readonly found: FoundFiles;
  private readonly changeWatches: ChangeWatches;
  /** Files whose kernel watch fired since they were last read. */
  private readonly changed = new Set<string>();
  /** When each followed file was last read and checked. */
  private readonly polledAt = new Map<string, number>();
  private readonly idle = new IdleWait();
  private readonly buffer: Buffer;
  private readonly copies: CopyDetector;
  private readonly noMatch: NoMatchWarnings;
  private readonly stopReportingBehind: () => void;

  constructor(
    private readonly config: FileInputConfig,
    private readonly ctx: InputContext,
  ) {
    this.matcher = new PathMatcher(config.include, config.exclude, ctx.configDir);
    const copyWait = Math.max(config.rotate_wait, MIN_COPY_WAIT_MS);
    // A copy the watcher missed is found by the next scan: its original's truncation is remembered that long.
    this.copies = new CopyDetector({ wait: copyWait, keep: copyWait + config.scan_interval, hold: !ctx.once });
    this.noMatch = new NoMatchWarnings(ctx.logger, config.include, config.exclude);
    this.stopReportingBehind = reportBytesBehind(ctx.metrics, ctx.id, () => this.bytesBehind());
    this.checkpoints = new CheckpointFile(ctx.stateDir, ctx.id, ctx.logger);
    // A write to a file closed as inactive opens it again at once rather than at the next scan.
    this.found = new FoundFiles(this.matcher, ctx.logger, () => this.idle.wake(), (file) => {
      if (this.released.wake(file)) this.found.add(file);
    });
    this.changeWatches = new ChangeWatches((key) => {
      this.changed.add(key);
      this.idle.wake();
    }, ctx.logger);
    this.buffer = Buffer.allocUnsafe(config.read_buffer_bytes);
    this.tailOptions = {
      maxLineBytes: config.max_line_bytes,
      multiline: config.multiline && { startPattern: new RegExp(config.multiline.start_pattern), maxLines: config.multiline.max_lines },
      stamp: ctx.stamp,
    };
  }

  async run(sink: BatchSink, signal: AbortSignal): Promise<void> {
    await this.checkpoints.load();
    for (const file of await this.checkpoints.checkpointedFirst(await this.matcher.scan())) await this.track(file, this.found.open(file), true);
    await this.recoverRotatedFiles();
    // Checkpointed files not under the globs now may be renamed into them later: they are not new then.
    this.released.addSaved(this.checkpoints.unmatched);
    this.checkpoints.forgetUnmatched();
    await this.released.prune();
    this.noMatch.observe(this.hasFiles, Date.now());
    if (!this.ctx.once) await this.found.watch();
    let lastScan = Date.now();
    const onAbort = () => this.idle.wake();
    signal.addEventListener('abort', onAbort);
    try {
      while (!signal.aborted) {
        for (const [file, handle] of this.found.take()) await this.track(file, handle, false);
        let progressed = false;
        const due = this.dueTails(Date.now());
        for (const tail of due) {
          if (signal.aborted) break;
          if ((await this.readTail(tail, sink)) > 0) progressed = true;
        }
        if (signal.aborted) break;
        await this.housekeeping(sink, due);
        await this.settleCopies();
        if (this.ctx.once && !progressed && [...this.tails.values()].every((t) => t.atEnd)) break;
        if (!this.ctx.once && Date.now() - lastScan >= this.config.scan_interval) {
          const found = await this.matcher.scan();
          await this.released.prune();
          await this.found.refreshWatch();
          for (const file of found) this.found.add(file);
          lastScan = Date.now();
          this.noMatch.observe(found.length > 0 || this.hasFiles, lastScan);
        }
        if (!progressed && this.found.waiting === 0) await this.idle.pause(this.config.poll_interval, signal);
      }
      if (this.ctx.once) for (const tail of this.tails.values()) await tail.flushMultiline(sink);
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.found.stopWatching();
      // Files opened on discovery but not followed before the stop.
      await this.found.closeUntaken();
    }
  }

  snapshotCheckpoint(): () => Promise<void> {
    const positions = this.released.positions();
    for (const tail of this.tails.values()) positions.push([tail.key, tail.position()]);
    return this.checkpoints.snapshot(positions);
  }

  async close(): Promise<void> {
    this.stopReportingBehind();
    this.found.stopWatching();
    this.changeWatches.removeAll();
    for (const tail of this.tails.values()) await tail.close().catch(() => undefined);
    await this.copies.close();
  }

  private get hasFiles(): boolean {
    return this.tails.size > 0 || this.copies.holding > 0;
  }

  /** For the behind-bytes gauge: what the followed and the released-but-unacknowledged files hold beyond delivery. */
  private async bytesBehind(): Promise<number> {
    let behind = 0;
    for (const tail of [...this.tails.values(), ...this.released.tails()]) behind += await tail.bytesBehind();
    return behind;
  }

  /** Starts following `file` unless it is already followed (possibly under another name after a rename). */
  private async track(file: string, opening: Promise<FileHandle | undefined>, initialScan: boolean): Promise<void> {
    const handle = await opening;
    if (!handle) return;
    try {
      const st = await handle.stat({ bigint: true });
      const key = fileKey(st.dev, st.ino);
      const existing = this.tails.get(key) ?? this.copies.held(key);
      if (!st.isFile() || existing) {
        if (existing && existing.path !== file) {
          this.ctx.logger.info({ from: existing.path, to: file }, 'file renamed; following it');
          existing.path = file;
          if (existing instanceof FileTail) existing.removed = false;
        }
        await handle.close();
        return;
      }
      const size = Number(st.size);
      if (this.released.unchanged(key, file, size, st.mtimeNs)) {
        await handle.close();
        return;
      }
      const refound = await this.released.resume(key, handle, size);
      if (refound?.kind === 'resume') {
        this.follow(new FileTail(key, file, handle, refound.head, refound.offset, this.tailOptions, false, refound));
        this.ctx.logger.info({ path: file, was: refound.was, offset: refound.offset }, 'released file found again under the globs; continuing where it was read to');
        return;
      }
      if (refound?.truncated) {
        this.copies.remember(refound.truncated);
        this.ctx.logger.info({ path: file }, 'file closed as inactive was truncated (copytruncate?); reading it from the start');
      }
      const saved = this.checkpoints.saved(key);
      if (saved) {
        this.begin(key, file, handle, await resumePosition(file, handle, size, saved));
        return;
      }
      const now = Date.now();
      const candidate: CopyCandidate = { key, path: file, handle, head: await readBytes(handle, 0, Math.min(size, FINGERPRINT_BYTES)), size, initialScan, lastGrowth: now };
      const verdict = await this.copies.consider(candidate, this.followedHeads(), now);
      if (verdict.kind === 'hold') {
        this.ctx.logger.debug({ path: file, like: verdict.like }, 'new file starts like a followed one; holding it back in case that one is truncated (copytruncate)');
        // Like a file closed as inactive: it is followed again, so that its truncation is seen.
        if (this.released.wake(verdict.like)) this.found.add(verdict.like);
        return;
      }
      await this.start(candidate, verdict);
    } catch (error) {
      await handle.close().catch(() => undefined);
      this.ctx.logger.warn({ path: file, err: errorMessage(error) }, 'cannot follow file; will retry on next scan');
    }
  }

  /** Follows a new file the copy detector decided on. */
  private async start(candidate: CopyCandidate, verdict: Exclude<Verdict, { kind: 'hold' }>): Promise<void> {
    const position = await newFilePosition(candidate, verdict, this.config.start_at, this.config.max_line_bytes);
    this.begin(candidate.key, candidate.path, candidate.handle, position);
  }

  private begin(key: string, file: string, handle: FileHandle, start: StartPosition): void {
    if (start.truncatedSince) this.copies.remember(start.truncatedSince);
    this.follow(new FileTail(key, file, handle, start.head, start.offset, this.tailOptions, start.skipPartialFirstLine, start));
    this.ctx.logger.info(start.log.fields, start.log.message);
  }

  /** Heads a new file may be a copy of: the followed files' and those closed as inactive. */
  private followedHeads(): FollowedHead[] {
    return [...[...this.tails.values()].map((tail) => ({ path: tail.path, head: tail.knownHead })), ...this.released.closedHeads()];
  }

  /** Decides on held-back files, once truncations were looked for. */
  private async settleCopies(): Promise<void> {
    if (this.copies.holding === 0) return;
    for (const [candidate, verdict] of await this.copies.settle(this.followedHeads(), Date.now())) {
      try {
        await this.start(candidate, verdict);
      } catch (error) {
        await candidate.handle.close().catch(() => undefined);
        this.ctx.logger.warn({ path: candidate.path, err: errorMessage(error) }, 'cannot follow file; will retry on next scan');
      }
    }
  }

  /** Reads the rest of checkpointed files renamed away from the globs while the agent was stopped. */
  private async recoverRotatedFiles(): Promise<void> {
    for await (const found of rotatedWhileStopped(this.checkpoints.unmatched, (key) => this.tails.has(key))) {
      const tail = new FileTail(found.key, found.path, found.handle, found.head, found.offset, this.tailOptions);
      tail.removed = true;
      this.follow(tail);
      this.ctx.logger.info({ path: found.path, was: found.was, offset: found.offset }, 'found a file rotated while stopped; reading its rest');
    }
  }

  private follow(tail: FileTail): void {
    this.tails.set(tail.key, tail);
    this.checkpoints.matched(tail.key);
    this.noMatch.observe(true, Date.now());
    if (!this.ctx.once) this.changeWatches.add(tail.key, tail.path);
  }

  /**
   * The tails to read and check in this turn. A file at its end whose kernel watch reported nothing waits for
   * poll_interval: every write to a busy file wakes this loop, and reading, stat-ing and checking each idle
   * file (rotated ones pile up under the globs) on every wake cost a core's worth of CPU with a hundred of
   * them (bench/RESULTS.md, soak). Unwatched files and --once runs read every turn, as before.
   */
  private dueTails(now: number): FileTail[] {
    const due: FileTail[] = [];
    for (const tail of this.tails.values()) {
      const quiet = tail.atEnd && !this.changed.has(tail.key) && this.changeWatches.watching(tail.key) && now - (this.polledAt.get(tail.key) ?? 0) < this.config.poll_interval;
      if (quiet) continue;
      // Forgotten before the read, so a write during it marks the file again for the next turn.
      this.changed.delete(tail.key);
      this.polledAt.set(tail.key, now);
      due.push(tail);
    }
    return due;
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
  private async housekeeping(sink: BatchSink, due: readonly FileTail[]): Promise<void> {
    const now = Date.now();
    if (this.config.multiline) {
      for (const tail of [...this.tails.values()]) if (tail.multilineIdleFor(now) >= this.config.multiline.timeout) await tail.flushMultiline(sink);
    }
    for (const tail of due) {
      if (!tail.atEnd || !this.tails.has(tail.key)) continue;
      try {
        if (!tail.removed) await this.checkPath(tail);
        const truncated = tail.removed ? undefined : await tail.detectTruncation();
        if (truncated) {
          this.copies.remember(truncated);
          this.ctx.logger.info({ path: tail.path }, 'file truncated (copytruncate?); reading it from the start');
        }
      } catch (error) {
        this.ctx.logger.warn({ path: tail.path, err: errorMessage(error) }, 'file check failed; will retry');
      }
      if (!tail.removed) {
        if (this.inactive(tail, now)) await this.closeInactive(tail);
        continue;
      }
      if (!this.ctx.once && now - tail.lastActivity < this.config.rotate_wait) continue;
      // "At end" may be stale when this loop was busy elsewhere: read once more, release only at a real end.
      if ((await this.readTail(tail, sink)) === 0) await this.release(tail, sink);
    }
  }

  /**
   * Whether a followed file is to be closed for inactivity: read to its end, not written for close_inactive,
   * everything read from it delivered and no multi-line event pending. Never in --once runs, which end anyway.
   */
  private inactive(tail: FileTail, now: number): boolean {
    const after = this.config.close_inactive;
    return !this.ctx.once && after > 0 && tail.atEnd && now - tail.lastActivity >= after && tail.undelivered === 0 && tail.multilineIdleFor(now) === Number.POSITIVE_INFINITY;
  }

  /** Closes an idle file; a write to it, or a scan that finds it grown, opens it again (released-files.ts). */
  private async closeInactive(tail: FileTail): Promise<void> {
    const modifiedNs = await tail.modifiedNs();
    await tail.close();
    this.unfollow(tail);
    this.released.addClosed(tail, modifiedNs);
    this.ctx.logger.info({ path: tail.path, idle_s: Math.round((Date.now() - tail.lastActivity) / 1000) }, 'closed inactive file; it is opened again when it grows');
  }

  private unfollow(tail: FileTail): void {
    this.tails.delete(tail.key);
    this.changeWatches.remove(tail.key);
    this.changed.delete(tail.key);
    this.polledAt.delete(tail.key);
  }

  /** Marks a tail removed when its path was deleted or now leads to another file (which is then followed). */
  private async checkPath(tail: FileTail): Promise<void> {
    const st = await stat(tail.path, { bigint: true }).catch(() => undefined);
    if (st && fileKey(st.dev, st.ino) === tail.key) return;
    tail.removed = true;
    this.ctx.logger.info({ path: tail.path }, st ? 'file rotated; finishing the old one' : 'file deleted; finishing it');
    if (st && this.matcher.matches(tail.path)) this.found.add(tail.path);
  }

  private async release(tail: FileTail, sink: BatchSink): Promise<void> {
    await tail.flushMultiline(sink);
    const linked = await tail.linked().catch(() => false);
    await tail.close();
    this.unfollow(tail);
    this.released.addTail(tail, linked);
    // Where it went: under a name the globs match, it is followed on from where it was read to.
    for (const file of await this.released.prune()) if (this.matcher.matches(file)) this.found.add(file);
    this.ctx.logger.info({ path: tail.path }, 'released rotated or deleted file');
  }
}
