/**
 * Recovery of files rotated while the agent was stopped: a checkpointed file the globs no longer match may
 * have been renamed away (app.log → app.log.1). Its inode is looked for in its old directory, and when the
 * file there still starts as it did and holds more than was delivered, its rest is read.
 */
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { TailPosition } from './file-tail.js';
import { confirmHead, fileKey, type Head } from './fingerprint.js';

export interface RotatedFile {
  readonly key: string;
  /** Where it is now. */
  readonly path: string;
  readonly handle: FileHandle;
  readonly head: Head;
  /** Its checkpoint: where reading continues. */
  readonly offset: number;
  /** The path it had at the checkpoint. */
  readonly was: string;
}

/**
 * Yields, opened, each file of `saved` found under another name next to its old path. `isFollowed` is asked
 * before each one (the caller follows what was yielded before the next is looked for).
 */
export async function* rotatedWhileStopped(saved: ReadonlyMap<string, TailPosition>, isFollowed: (key: string) => boolean): AsyncGenerator<RotatedFile> {
  const byDir = new Map<string, Map<string, TailPosition>>();
  for (const [key, position] of saved) {
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
      if (!st?.isFile() || key === undefined || position === undefined || isFollowed(key)) continue;
      const handle = await open(file, 'r').catch(() => undefined);
      if (!handle) continue;
      const confirmed = await confirmHead(handle, Number(st.size), position.fingerprint);
      if (!confirmed || position.offset >= Number(st.size)) {
        await handle.close();
        continue;
      }
      yield { key, path: file, handle, head: confirmed, offset: position.offset, was: position.path };
    }
  }
}
