/**
 * Appends events (NDJSON or text lines), one write per batch. A batch is acknowledged once the write returned (the bytes
 * are in the kernel, so a crash of the agent cannot lose them); `flush` fsyncs before each checkpoint, so
 * checkpoints never get ahead of what survives a power cut.
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Output } from '../../component.js';
import { errorMessage, SidecarError } from '../../errors.js';
import type { LogEvent } from '../../event.js';
import type { BatchEncoder } from '../codec.js';

export class FileOutput implements Output {
  private handle: FileHandle | undefined;
  private dirty = false;

  constructor(
    private readonly file: string,
    private readonly fsync: boolean,
    private readonly encoder: BatchEncoder,
  ) {}

  async write(events: readonly LogEvent[]): Promise<void> {
    let handle: FileHandle | undefined;
    try {
      handle = await this.open();
      // The encoder's buffer is reused by the next batch; writes of one output are sequential, so that is safe.
      await handle.appendFile(this.encoder.encode(events));
    } catch (error) {
      // Reopen on the next attempt: the file may have been removed or its disk remounted.
      this.handle = undefined;
      await handle?.close().catch(() => undefined);
      throw new SidecarError('FILE_OUTPUT_WRITE', `cannot write ${this.file}: ${errorMessage(error)}`, { retriable: true, cause: error });
    }
    this.dirty = true;
    this.encoder.shrink();
  }

  async flush(): Promise<void> {
    if (!this.dirty || !this.handle || !this.fsync) return;
    this.dirty = false;
    await this.handle.sync();
  }

  async close(): Promise<void> {
    await this.flush();
    await this.handle?.close();
    this.handle = undefined;
  }

  private async open(): Promise<FileHandle> {
    if (this.handle) return this.handle;
    await mkdir(path.dirname(this.file), { recursive: true });
    this.handle = await open(this.file, 'a');
    return this.handle;
  }
}
