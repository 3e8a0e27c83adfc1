/**
 * Where a file's last complete line ends. Every record the output writes ends with a newline, so bytes after
 * the last one are the torn start of a record whose write was cut short (kill -9, a full disk, a power cut).
 */
import type { AppendFile } from './file-system.js';

const NEWLINE = 0x0a;
const CHUNK = 64 * 1024;

/** The length of `file` (of `size` bytes) up to and including its last newline; 0 when it has none. */
export async function completeLinesLength(file: AppendFile, size: number): Promise<number> {
  if (size === 0) return 0;
  const buffer = Buffer.allocUnsafe(Math.min(CHUNK, size));
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - buffer.length);
    const read = await file.read(buffer.subarray(0, end - start), start);
    if (read < end - start) throw new Error(`file shrank to ${start + read} bytes while its last line was checked`);
    const at = buffer.lastIndexOf(NEWLINE, end - start - 1);
    if (at >= 0) return start + at + 1;
    end = start;
  }
  return 0;
}
