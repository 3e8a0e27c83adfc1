import { open, stat } from 'node:fs/promises';

/** The size of a file now (0 when it does not exist), to tail only what is written after this point. */
export async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

/**
 * The last `lines` lines of a text file written after byte `from` (reading at most 64 KiB), each cut to 400
 * characters; undefined when the file does not exist or nothing was written after `from`.
 */
export async function tailFile(file: string, lines = 30, from = 0): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const { size } = await handle.stat();
    const start = Math.max(size < from ? 0 : from, size - 64 * 1024);
    const length = size - start;
    if (length <= 0) return undefined;
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, start);
    const text = buffer.toString('utf8').replace(/\s+$/, '');
    if (!text) return undefined;
    return text
      .split('\n')
      .slice(-lines)
      .map((line) => (line.length > 400 ? `${line.slice(0, 400)}...` : line))
      .join('\n');
  } finally {
    await handle.close();
  }
}
