/**
 * File identity: device + inode, confirmed by a hash of the file's first bytes. The inode follows a file
 * across renames; the hash tells a reused inode (a new file that got an old number) from the file we knew.
 * Small files are fingerprinted on what they have and the fingerprint grows with them up to FINGERPRINT_BYTES,
 * so a file that only had a header line at first is not mistaken later.
 */
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

export const FINGERPRINT_BYTES = 1024;

export interface Fingerprint {
  /** How many leading bytes were hashed. */
  readonly length: number;
  readonly hash: string;
}

/** A fingerprint with the bytes it was taken of (kept to recognise copies, whose head may still be short). */
export interface Head {
  readonly fingerprint: Fingerprint;
  readonly bytes: Buffer;
}

export function fileKey(dev: number | bigint, ino: number | bigint): string {
  return `${dev}:${ino}`;
}

/** Reads up to `length` bytes from `position` (fewer at end of file). */
export async function readBytes(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

export function hashOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64url').slice(0, 22);
}

export function headOf(bytes: Buffer): Head {
  return { fingerprint: { length: bytes.length, hash: hashOf(bytes) }, bytes };
}

export async function takeHead(handle: FileHandle, size: number): Promise<Head> {
  return headOf(await readBytes(handle, 0, Math.min(size, FINGERPRINT_BYTES)));
}

/**
 * Checks that the file still starts with the fingerprinted bytes. Returns the (possibly longer) current
 * head when it matches, or undefined when the content changed (truncated and rewritten, or a different file
 * behind the same inode).
 */
export async function confirmHead(handle: FileHandle, size: number, known: Fingerprint): Promise<Head | undefined> {
  if (size < known.length) return undefined;
  const bytes = await readBytes(handle, 0, Math.min(size, FINGERPRINT_BYTES));
  if (bytes.length < known.length) return undefined;
  if (bytes.length === known.length) return hashOf(bytes) === known.hash ? { fingerprint: known, bytes } : undefined;
  return hashOf(bytes.subarray(0, known.length)) === known.hash ? headOf(bytes) : undefined;
}
