import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { confirmHead, fileKey, FINGERPRINT_BYTES, headOf, readBytes, takeHead } from './fingerprint.js';

const handles: FileHandle[] = [];
afterEach(async () => {
  for (const handle of handles.splice(0)) await handle.close().catch(() => undefined);
});

const dir = mkdtempSync(path.join(os.tmpdir(), 'fingerprint-'));
let files = 0;

async function file(content: string | Buffer): Promise<{ file: string; handle: FileHandle }> {
  const name = path.join(dir, `f${files++}.log`);
  writeFileSync(name, content);
  const handle = await open(name, 'r');
  handles.push(handle);
  return { file: name, handle };
}

async function size(handle: FileHandle): Promise<number> {
  return Number((await handle.stat()).size);
}

/** `length` bytes of varied text, the same for the same seed. */
function text(length: number, seed = 'x'): Buffer {
  return Buffer.from(Array.from({ length }, (_, i) => String.fromCharCode(97 + ((i * 7 + seed.charCodeAt(0)) % 26))).join(''));
}

describe('fingerprint', () => {
  it('keys a file by device and inode', () => {
    expect(fileKey(2049, 131n)).toBe('2049:131');
  });

  it('reads at most what the file holds', async () => {
    const { handle } = await file('abc');
    expect((await readBytes(handle, 1, 10)).toString()).toBe('bc');
    expect(await readBytes(handle, 5, 10)).toHaveLength(0);
  });

  it('takes the first FINGERPRINT_BYTES of a long file, and all of a short one', async () => {
    const long = await file(text(3000));
    const head = await takeHead(long.handle, await size(long.handle));
    expect(head.fingerprint.length).toBe(FINGERPRINT_BYTES);
    expect(head.bytes).toEqual(text(3000).subarray(0, FINGERPRINT_BYTES));
    const short = await file('one line\n');
    expect((await takeHead(short.handle, await size(short.handle))).fingerprint.length).toBe(9);
  });

  it('confirms a file that still starts with the same bytes', async () => {
    const { handle } = await file(text(2000));
    const known = (await takeHead(handle, await size(handle))).fingerprint;
    expect((await confirmHead(handle, await size(handle), known))?.fingerprint).toEqual(known);
  });

  it('grows the head of a short file as the file grows, still confirming it', async () => {
    const { file: name, handle } = await file('header\n');
    const known = (await takeHead(handle, await size(handle))).fingerprint;
    appendFileSync(name, text(2000));
    const grown = await confirmHead(handle, await size(handle), known);
    expect(grown?.fingerprint.length).toBe(FINGERPRINT_BYTES);
    expect(grown?.bytes.subarray(0, 7).toString()).toBe('header\n');
    // The grown fingerprint is what a later check confirms against.
    expect((await confirmHead(handle, await size(handle), grown?.fingerprint ?? known))?.fingerprint).toEqual(grown?.fingerprint);
  });

  it('tells a different file from the known one even when only the last fingerprinted byte differs', async () => {
    const content = text(2000);
    const known = headOf(content.subarray(0, FINGERPRINT_BYTES)).fingerprint;
    const changed = Buffer.from(content);
    changed[FINGERPRINT_BYTES - 1] = 'Z'.charCodeAt(0);
    const other = await file(changed);
    expect(await confirmHead(other.handle, await size(other.handle), known)).toBeUndefined();
    const early = Buffer.from(content);
    early[0] = 'Z'.charCodeAt(0);
    const first = await file(early);
    expect(await confirmHead(first.handle, await size(first.handle), known)).toBeUndefined();
  });

  it('cannot tell two files apart that share their first FINGERPRINT_BYTES (the inode does that)', async () => {
    const shared = text(FINGERPRINT_BYTES);
    const a = await file(Buffer.concat([shared, Buffer.from('a'.repeat(500))]));
    const b = await file(Buffer.concat([shared, Buffer.from('b'.repeat(900))]));
    const known = (await takeHead(a.handle, await size(a.handle))).fingerprint;
    expect((await confirmHead(b.handle, await size(b.handle), known))?.fingerprint).toEqual(known);
  });

  it('does not confirm a file now shorter than its fingerprint (truncated), nor one grown from a different start', async () => {
    const { file: name, handle } = await file('first line\n');
    const known = (await takeHead(handle, await size(handle))).fingerprint;
    writeFileSync(name, 'first');
    expect(await confirmHead(handle, await size(handle), known)).toBeUndefined();
    writeFileSync(name, 'other line\nand more\n');
    expect(await confirmHead(handle, await size(handle), known)).toBeUndefined();
  });

  it('confirms anything against the fingerprint of an empty file, which has nothing to compare', async () => {
    const empty = await file('');
    const known = (await takeHead(empty.handle, 0)).fingerprint;
    expect(known.length).toBe(0);
    const later = await file('written later\n');
    expect((await confirmHead(later.handle, await size(later.handle), known))?.fingerprint.length).toBe(14);
  });
});
