/**
 * Small tmpfs mounts that really run out of space, for disk-full tests. Mounting needs root (or
 * CAP_SYS_ADMIN); `tmpfsUnavailable` says why it cannot be done here, so tests can skip with a reason.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, rmdirSync, statfsSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function probe(): string | undefined {
  if (process.platform !== 'linux') return `tmpfs mounts need Linux (this is ${process.platform})`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sidecar-tmpfs-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'pipe' });
    execFileSync('umount', [dir], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return `cannot mount a tmpfs here (${stderr || (error as Error).message})`;
  } finally {
    rmdirSync(dir);
  }
}

/** Why size-limited file systems cannot be mounted here, or undefined when they can. */
export const tmpfsUnavailable = probe();
if (tmpfsUnavailable !== undefined) console.warn(`skipping disk-full tests: ${tmpfsUnavailable}`);

export function mountTmpfs(dir: string, bytes: number): void {
  mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${Math.ceil(bytes / 1024)}k`, 'tmpfs', dir], { stdio: 'pipe' });
}

/** Unmounts, lazily: a killed agent may still hold files open for a moment. */
export function unmount(dir: string): void {
  try {
    execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
  } catch {
    // Not mounted (the mount failed or was undone already).
  }
}

export function freeBytes(dir: string): number {
  const stats = statfsSync(dir);
  return stats.bavail * stats.bsize;
}

/** Writes `file` until the file system holding it has at most `leave` bytes free (0: until it is full). */
export function fillUp(file: string, leave = 0): void {
  const fd = openSync(file, 'a');
  const chunk = Buffer.alloc(64 * 1024, 'f');
  try {
    for (;;) {
      const room = freeBytes(path.dirname(file)) - leave;
      if (room <= 0) return;
      writeSync(fd, chunk, 0, Math.min(chunk.length, room));
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}
