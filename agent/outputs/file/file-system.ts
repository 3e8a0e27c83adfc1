/**
 * The few file operations the file output needs, behind an interface so that tests can inject the faults
 * a fleet sees every day (a full disk, a failing fsync, a write that stops half-way) without a real disk.
 */
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';

/** One open file, writes going to its end. */
export interface AppendFile {
  /** The file's current length (fstat). */
  size(): Promise<number>;
  /** Reads into `buffer` from `position`; resolves with the bytes read. */
  read(buffer: Buffer, position: number): Promise<number>;
  /** Appends all of `data`; when it rejects, any prefix of `data` may have been written. */
  append(data: Uint8Array): Promise<void>;
  sync(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

export interface OutputFileSystem {
  /** Opens `file` for appending and reading, creating it and its directory. */
  openAppend(file: string): Promise<AppendFile>;
}

export const nodeFileSystem: OutputFileSystem = {
  async openAppend(file) {
    await mkdir(path.dirname(file), { recursive: true });
    // Readable too: after a crash the output checks whether the file ends with a complete line.
    const handle = await open(file, 'a+');
    return {
      size: async () => (await handle.stat()).size,
      read: async (buffer, position) => (await handle.read(buffer, 0, buffer.length, position)).bytesRead,
      append: (data) => handle.appendFile(data),
      sync: () => handle.sync(),
      truncate: (length) => handle.truncate(length),
      close: () => handle.close(),
    };
  },
};
