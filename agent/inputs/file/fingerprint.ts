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

export function fileKey(dev: number | bigint, ino: number | bigint): string {
  return `${dev}:${ino}`;
}

async function readHead(handle: FileHandle, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

function hashOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64url').slice(0, 22);
}

export async function takeFingerprint(handle: FileHandle, size: number): Promise<Fingerprint> {
  const head = await readHead(handle, Math.min(size, FINGERPRINT_BYTES));
  return { length: head.length, hash: hashOf(head) };
}

/**
 * Checks that the file still starts with the fingerprinted bytes. Returns the (possibly longer) current
 * fingerprint when it matches, or undefined when the content changed (truncated and rewritten, or a
 * different file behind the same inode).
 */
export async function confirmFingerprint(handle: FileHandle, size: number, known: Fingerprint): Promise<Fingerprint | undefined> {
  if (size < known.length) return undefined;
  const head = await readHead(handle, Math.min(size, FINGERPRINT_BYTES));
  if (head.length < known.length || hashOf(head.subarray(0, known.length)) !== known.hash) return undefined;
  return head.length === known.length ? known : { length: head.length, hash: hashOf(head) };
}
