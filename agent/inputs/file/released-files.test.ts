import { mkdtempSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileTail, type TailPosition } from './file-tail.js';
import { fileKey, hashOf, takeHead } from './fingerprint.js';
import { ReleasedFiles } from './released-files.js';

const handles: FileHandle[] = [];
afterEach(async () => {
  for (const handle of handles.splice(0)) await handle.close().catch(() => undefined);
});

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'released-files-'));
}

function keyOf(file: string): string {
  const st = statSync(file, { bigint: true });
  return fileKey(st.dev, st.ino);
}

/** A checkpoint position of `file` as it is now, read to `offset`. */
function savedAt(file: string, content: string, offset: number): TailPosition {
  return { path: file, fingerprint: { length: content.length, hash: hashOf(Buffer.from(content)) }, offset };
}

async function opened(file: string): Promise<{ handle: FileHandle; size: number }> {
  const handle = await open(file, 'r');
  handles.push(handle);
  return { handle, size: Number((await handle.stat()).size) };
}

describe('released files', () => {
  it('continues a remembered file found under another name where it was read to', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    const content = 'line 0\nline 1\n';
    writeFileSync(file, content);
    const key = keyOf(file);
    const released = new ReleasedFiles();
    released.addSaved(new Map([[key, savedAt(file, content, 7)]]));

    renameSync(file, `${file}.1`);
    const { handle, size } = await opened(`${file}.1`);
    const resumed = await released.resume(key, handle, size);
    expect(resumed).toMatchObject({ kind: 'resume', offset: 7, was: file, acks: undefined });
    expect(resumed?.kind === 'resume' && resumed.head.fingerprint).toEqual(savedAt(file, content, 7).fingerprint);
    expect(released.size).toBe(0);
  });

  it('takes a different file behind a remembered inode for a new one (its first bytes differ), and forgets the old', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, 'old 0\nold 1\n');
    const key = keyOf(file);
    const released = new ReleasedFiles();
    released.addSaved(new Map([[key, savedAt(file, 'old 0\nold 1\n', 12)]]));

    // The same inode with other content, as after deletion and reuse of the number.
    writeFileSync(file, 'new 0\nnew 1\nnew 2\n');
    const { handle, size } = await opened(file);
    expect(await released.resume(key, handle, size)).toEqual({ kind: 'new', truncated: undefined });
    expect(released.size).toBe(0);
  });

  it('does not continue a remembered file that is now shorter than what was read', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, 'line 0\n');
    const key = keyOf(file);
    const released = new ReleasedFiles();
    released.addSaved(new Map([[key, savedAt(file, 'line 0\n', 14)]]));

    const { handle, size } = await opened(file);
    expect(await released.resume(key, handle, size)).toEqual({ kind: 'new', truncated: undefined });
  });

  it('follows a renamed file in its directory and forgets a deleted one', async () => {
    const dir = tempDir();
    const kept = path.join(dir, 'a.log');
    const gone = path.join(dir, 'b.log');
    writeFileSync(kept, 'a\n');
    writeFileSync(gone, 'b\n');
    const released = new ReleasedFiles();
    released.addSaved(
      new Map([
        [keyOf(kept), savedAt(kept, 'a\n', 2)],
        [keyOf(gone), savedAt(gone, 'b\n', 2)],
      ]),
    );

    renameSync(kept, `${kept}.2`);
    unlinkSync(gone);
    expect(await released.prune()).toEqual([`${kept}.2`]);
    expect(released.positions().map(([, position]) => position)).toEqual([{ ...savedAt(kept, 'a\n', 2), path: `${kept}.2` }]);
    // Found where it was: nothing moved.
    expect(await released.prune()).toEqual([]);
    expect(released.size).toBe(1);
  });

  it('keeps a file closed as inactive closed while unchanged, wakes it once by its path, also after it was renamed', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, 'line 0\nline 1\n');
    const key = keyOf(file);
    const { handle, size } = await opened(file);
    const tail = new FileTail(key, file, handle, await takeHead(handle, size), 0, { maxLineBytes: 1024, multiline: undefined, stamp: { hostName: 'h', serviceName: undefined } });
    await tail.read(Buffer.alloc(1024), async (batch) => batch.delivered(), 1 << 20);
    const released = new ReleasedFiles();
    const modified = statSync(file, { bigint: true }).mtimeNs;
    released.addClosed(tail, modified);

    expect(released.unchanged(key, file, size, modified)).toBe(true);
    expect(released.unchanged(key, file, size + 7, modified)).toBe(false);
    // Truncated and written again to the same size: its modification time tells, where no watch reports writes.
    expect(released.unchanged(key, file, size, modified + 1_000_000n)).toBe(false);
    expect(released.closedHeads()).toEqual([{ path: file, head: tail.knownHead }]);

    // Renamed (rotation): found under its new name, the old one no longer wakes it.
    renameSync(file, `${file}.1`);
    expect(released.unchanged(key, `${file}.1`, size, modified)).toBe(true);
    expect(released.wake(file)).toBe(false);
    expect(released.wake(`${file}.1`)).toBe(true);
    expect(released.wake(`${file}.1`)).toBe(false);
    // Woken, it is no longer taken for unchanged: it is followed again from where it was read to.
    expect(released.unchanged(key, `${file}.1`, size, modified)).toBe(false);
    const again = await opened(`${file}.1`);
    expect(await released.resume(key, again.handle, again.size)).toMatchObject({ kind: 'resume', offset: size, was: `${file}.1` });
    expect(released.size).toBe(0);
  });
});
