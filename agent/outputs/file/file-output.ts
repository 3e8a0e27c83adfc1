/**
 * Appends events (NDJSON or text lines), one write per batch. A batch is acknowledged once the write returned
 * (the bytes are in the kernel, so a crash of the agent cannot lose them); `flush` fsyncs before each
 * checkpoint, so checkpoints never get ahead of what survives a power cut.
 *
 * Faults are routine in a large fleet. A failed write or fsync may have lost bytes acknowledged since the last
 * successful fsync (Linux can drop the pages of a failed writeback), so with `fsync` those bytes are kept and
 * the next attempt reopens the file and appends them again before anything new: duplicates are possible after
 * a fault, loss is not. A write cut short is cut off the file again, so no record is ever torn.
 */
import type { Output } from '../../kit.js';
import { errorMessage, SidecarError } from '../../kit.js';
import type { LogEvent } from '../../kit.js';
import type { BatchEncoder } from '../codecs/codec.js';
import { completeLinesLength } from './complete-lines.js';
import { nodeFileSystem, type AppendFile, type OutputFileSystem } from './file-system.js';
import { UnsyncedBytes } from './unsynced-bytes.js';

/**
 * Beyond this many unsynced bytes `write` fsyncs before acknowledging instead of keeping more copies: it
 * bounds the memory held for re-writing, and at this size an fsync costs little next to the writes before it.
 * At half of it an fsync starts in the background, so that a fast writer rarely waits (the checkpoint interval,
 * 1 s by default, syncs long before at ordinary rates).
 */
export const MAX_UNSYNCED_BYTES = 16 * 1024 * 1024;

const NEWLINE = Buffer.from('\n');

export interface FileOutputOptions {
  /** Where the I/O goes; tests inject faults here. */
  readonly fs?: OutputFileSystem;
  readonly maxUnsyncedBytes?: number;
}

export class FileOutput implements Output {
  private readonly fs: OutputFileSystem;
  /** A handle through which every kept unsynced byte has been appended; dropped after any failure. */
  private handle: AppendFile | undefined;
  /** The file's length after the last good append through `handle`. */
  private length = 0;
  private readonly unsynced: UnsyncedBytes;
  /** An fsync started because the kept bytes passed half the cap. */
  private early: Promise<void> | undefined;
  /** Serializes opening, appending and dropping the handle; fsyncs run outside it so writes go on meanwhile. */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly fsync: boolean,
    private readonly encoder: BatchEncoder,
    options: FileOutputOptions = {},
  ) {
    this.fs = options.fs ?? nodeFileSystem;
    this.unsynced = new UnsyncedBytes(options.maxUnsyncedBytes ?? MAX_UNSYNCED_BYTES);
  }

  write(events: readonly LogEvent[]): Promise<void> {
    return this.exclusive(async () => {
      let handle: AppendFile | undefined;
      try {
        handle = await this.ready();
        // The encoder's buffer is reused by the next batch; writes are serialized, so that is safe.
        const bytes = this.encoder.encode(events);
        await this.append(handle, bytes);
        if (this.fsync) await this.keepOrSync(handle, bytes);
      } catch (error) {
        await this.drop(handle);
        throw this.failure(error);
      }
      this.encoder.shrink();
    });
  }

  async flush(): Promise<void> {
    if (!this.fsync || this.unsynced.bytes === 0) return;
    let handle: AppendFile | undefined;
    try {
      // Reopening after a failure appends the kept bytes again; the fsync then covers them with the rest.
      const [ready, mark] = await this.exclusive(async () => [await this.ready(), this.unsynced.mark()] as const);
      handle = ready;
      await handle.sync();
      // Only what was appended before the mark: batches written during the fsync may not be covered.
      this.unsynced.forget(mark);
    } catch (error) {
      await this.exclusive(() => this.drop(handle));
      throw this.failure(error);
    }
  }

  async close(): Promise<void> {
    try {
      await this.early;
      await this.flush();
    } finally {
      await this.exclusive(async () => {
        const handle = this.handle;
        this.handle = undefined;
        await handle?.close();
      });
    }
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.turn.then(task);
    this.turn = run.catch(() => undefined);
    return run;
  }

  private async ready(): Promise<AppendFile> {
    if (this.handle) return this.handle;
    const handle = await this.fs.openAppend(this.file);
    try {
      await this.repairTail(handle);
      // Kept bytes went through a handle that failed since (or this is the first open and there are none).
      if (this.unsynced.bytes > 0) await this.append(handle, this.unsynced.copy());
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
    this.handle = handle;
    return handle;
  }

  /**
   * Every record ends with a newline and the agent is the file's only writer, so bytes after the last newline
   * are a record cut short (kill -9, a power cut, a failed cut-back): cut them off. If even that fails, start
   * with a newline, so that the fragment stays a line of its own instead of corrupting the next record.
   */
  private async repairTail(handle: AppendFile): Promise<void> {
    const size = await handle.size();
    this.length = size;
    const complete = await completeLinesLength(handle, size);
    if (complete === size) return;
    try {
      await handle.truncate(complete);
      this.length = complete;
    } catch {
      await this.append(handle, NEWLINE);
    }
  }

  /** Appends and counts; when the append fails, cuts off whatever part of `data` it wrote. */
  private async append(handle: AppendFile, data: Uint8Array): Promise<void> {
    try {
      await handle.append(data);
    } catch (error) {
      await this.cutBack(handle);
      throw error;
    }
    this.length += data.length;
  }

  private async cutBack(handle: AppendFile): Promise<void> {
    try {
      // Only ever shrink: a file truncated by someone else meanwhile must not be extended with zeros.
      if ((await handle.size()) > this.length) await handle.truncate(this.length);
    } catch {
      // The handle is dropped; the next open cuts the fragment off (repairTail).
    }
  }

  /** Keeps a copy for re-writing; past the cap, fsyncs everything instead of holding more. */
  private async keepOrSync(handle: AppendFile, bytes: Buffer): Promise<void> {
    if (this.unsynced.fits(bytes.length)) {
      this.unsynced.keep(bytes);
      if (this.unsynced.bytes > this.unsynced.limit / 2) this.syncEarly();
      return;
    }
    const mark = this.unsynced.mark();
    await handle.sync();
    this.unsynced.forget(mark);
  }

  /**
   * Starts a flush that runs while writing goes on (it queues behind the current write). Its error needs no
   * report: a failed fsync drops the handle, the next write appends the kept bytes again, and the next
   * checkpoint's flush fails or syncs them.
   */
  private syncEarly(): void {
    this.early ??= this.flush()
      .catch(() => undefined)
      .finally(() => (this.early = undefined));
  }

  /** Forgets a handle that failed, so that the next attempt reopens the file and re-appends the kept bytes. */
  private async drop(handle: AppendFile | undefined): Promise<void> {
    if (handle === undefined || handle !== this.handle) return;
    this.handle = undefined;
    await handle.close().catch(() => undefined);
  }

  private failure(error: unknown): SidecarError {
    return new SidecarError('FILE_OUTPUT_WRITE', `cannot write ${this.file}: ${errorMessage(error)}`, { retriable: true, cause: error });
  }
}
