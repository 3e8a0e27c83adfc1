import { appendFileSync, copyFileSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Batch } from '../../component.js';
import { CopyDetector, type CopyCandidate, type FollowedHead } from './copy-detector.js';
import type { TruncatedFile } from './copy-match.js';
import { FileTail } from './file-tail.js';
import { FINGERPRINT_BYTES, readBytes, takeHead } from './fingerprint.js';

const WAIT = 1000;
const options = { maxLineBytes: 1 << 20, multiline: undefined, stamp: { hostName: 'h', serviceName: undefined } };
const handles: FileHandle[] = [];
afterEach(async () => {
  for (const handle of handles.splice(0)) await handle.close().catch(() => undefined);
});

function lines(from: number, count: number, tag = 'app'): string {
  return Array.from({ length: count }, (_, i) => `${tag} line ${from + i} ${'.'.repeat(40)}\n`).join('');
}

function dir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'copy-detector-'));
}

async function openFile(file: string): Promise<FileHandle> {
  const handle = await open(file, 'r');
  handles.push(handle);
  return handle;
}

/** A tail that read all of `file` in small reads (so it holds samples along the way). */
async function readAll(file: string): Promise<{ tail: FileTail; batches: Batch[] }> {
  const handle = await openFile(file);
  const tail = new FileTail('original', file, handle, await takeHead(handle, Number((await handle.stat()).size)), 0, options);
  const batches: Batch[] = [];
  await tail.read(Buffer.alloc(4096), async (batch) => void batches.push(batch), 1 << 30);
  return { tail, batches };
}

async function candidate(file: string, now: number): Promise<CopyCandidate> {
  const handle = await openFile(file);
  const size = Number((await handle.stat()).size);
  return { key: file, path: file, handle, head: await readBytes(handle, 0, Math.min(size, FINGERPRINT_BYTES)), size, initialScan: false, lastGrowth: now };
}

function followed(tail: FileTail): FollowedHead[] {
  return [{ path: tail.path, head: tail.knownHead }];
}

async function truncate(tail: FileTail): Promise<TruncatedFile> {
  truncateSync(tail.path, 0);
  const truncated = await tail.detectTruncation();
  if (!truncated) throw new Error('truncation not detected');
  return truncated;
}

/** The messages of a tail started where the verdict says. */
async function readFrom(file: string, offset: number): Promise<string[]> {
  const handle = await openFile(file);
  const tail = new FileTail('copy', file, handle, await takeHead(handle, 0), offset, options);
  const batches: Batch[] = [];
  await tail.read(Buffer.alloc(4096), async (batch) => void batches.push(batch), 1 << 30);
  return batches.flatMap((b) => b.events.map((e) => e.message));
}

describe('CopyDetector', () => {
  it('holds a copy found before its original is truncated, then continues it where the original was read to', async () => {
    const d = dir();
    const log = path.join(d, 'app.log');
    writeFileSync(log, lines(0, 200));
    const { tail } = await readAll(log);
    appendFileSync(log, lines(200, 50)); // written, not read yet when logrotate copies
    copyFileSync(log, `${log}.1`);
    const detector = new CopyDetector({ wait: WAIT, keep: WAIT, hold: true });
    const copy = await candidate(`${log}.1`, 0);
    expect(await detector.consider(copy, followed(tail), 0)).toEqual({ kind: 'hold', like: log });

    detector.remember(await truncate(tail));
    const decided = await detector.settle(followed(tail), 10);
    expect(decided).toHaveLength(1);
    const verdict = decided[0]?.[1];
    expect(verdict).toMatchObject({ kind: 'copy', offset: Buffer.byteLength(lines(0, 200)) });
    expect(detector.holding).toBe(0);
    const offset = verdict?.kind === 'copy' ? verdict.offset : -1;
    expect(await readFrom(`${log}.1`, offset)).toEqual(lines(200, 50).trimEnd().split('\n'));
  });

  it('recognises a copy found just after its original was truncated', async () => {
    const d = dir();
    const log = path.join(d, 'app.log');
    writeFileSync(log, lines(0, 200));
    const { tail } = await readAll(log);
    copyFileSync(log, `${log}.1`);
    const detector = new CopyDetector({ wait: WAIT, keep: WAIT, hold: true });
    detector.remember(await truncate(tail));
    const verdict = await detector.consider(await candidate(`${log}.1`, 5), followed(tail), 5);
    expect(verdict).toMatchObject({ kind: 'copy', offset: Buffer.byteLength(lines(0, 200)) });
    // The truncation is used up: another file like it is not a second continuation.
    copyFileSync(`${log}.1`, `${log}.2`);
    expect(await detector.consider(await candidate(`${log}.2`, 6), followed(tail), 6)).toMatchObject({ kind: 'new' });
  });

  it('forgets a truncation after `keep`: a copy found later is read whole', async () => {
    const d = dir();
    const log = path.join(d, 'app.log');
    writeFileSync(log, lines(0, 200));
    const { tail } = await readAll(log);
    copyFileSync(log, `${log}.1`);
    const detector = new CopyDetector({ wait: WAIT, keep: WAIT, hold: true });
    const truncated = await truncate(tail);
    detector.remember(truncated);
    const later = truncated.seenAt + WAIT;
    await detector.settle([], later);
    expect(await detector.consider(await candidate(`${log}.1`, later), followed(tail), later)).toMatchObject({ kind: 'new' });
  });

  it('hands the original`s unacknowledged batches to the copy: its position waits for them', async () => {
    const d = dir();
    const log = path.join(d, 'app.log');
    writeFileSync(log, lines(0, 200));
    const { tail, batches } = await readAll(log);
    appendFileSync(log, lines(200, 50));
    copyFileSync(log, `${log}.1`);
    const detector = new CopyDetector({ wait: WAIT, keep: WAIT, hold: true });
    const truncated = await truncate(tail);
    detector.remember(truncated);
    const copy = await candidate(`${log}.1`, 0);
    const verdict = await detector.consider(copy, [], 0);
    if (verdict.kind !== 'copy') throw new Error(`not recognised: ${JSON.stringify(verdict)}`);
    const copyTail = new FileTail(copy.key, copy.path, copy.handle, await takeHead(copy.handle, copy.size), verdict.offset, options, false, { acks: verdict.original.acks });
    const copyBatches: Batch[] = [];
    await copyTail.read(Buffer.alloc(4096), async (batch) => void copyBatches.push(batch), 1 << 30);
    for (const batch of copyBatches) batch.delivered();
    expect(copyTail.position().offset).toBe(0);
    for (const batch of batches) batch.delivered();
    expect(copyTail.position().offset).toBe(copy.size);
  });

  it('starts a copy that holds less than was read at its end, and never checkpoints beyond it', async () => {
    const d = dir();
    const log = path.join(d, 'app.log');
    writeFileSync(log, lines(0, 200));
    copyFileSync(log, `${log}.1`);
    appendFileSync(log, lines(200, 20)); // written after the copy, before the truncation: read from the original
    const { tail, batches } = await readAll(log);
    const detector = new CopyDetector({ wait: WAIT, keep: WAIT, hold: true });
    detector.remember(await truncate(tail));
    const copy = await candidate(`${log}.1`, 0);
    const verdict = await detector.consider(copy, [], 0);
    expect(verdict).toMatchObject({ kind: 'copy', offset: copy.size });
    if (verdict.kind !== 'copy') return;
    const copyTail = new FileTail(copy.key, copy.path, copy.handle, await takeHead(copy.handle, copy.size), verdict.offset, options, false, { acks: verdict.original.acks });
    for (const batch of batches) batch.delivered();
    expect(copyTail.position().offset).toBe(copy.size);
  });

  it('reads a new file with the same full head whole when no truncation follows within the wait', async () => {
    const d = dir();
    const banner = lines(0, 30, 'banner');
    writeFileSync(path.join(d, 'a.log'), banner + lines(0, 100, 'a'));
    writeFileSync(path.join(d, 'b.log'), banner + lines(0, 100, 'b'));
    const { tail } = await readAll(path.join(d, 'a.log'));
    const detector = new CopyDetector({ wait: WAIT, keep: WAIT, hold: true });
    expect(await detector.consider(await candidate(path.join(d, 'b.log'), 0), followed(tail), 0)).toMatchObject({ kind: 'hold' });
    expect(await detector.settle(followed(tail), WAIT - 1)).toEqual([]);
    const decided = await detector.settle(followed(tail), WAIT);
    expect(decided.map(([, verdict]) => verdict)).toEqual([{ kind: 'new', reason: `starts like ${tail.path}, but no truncation of it followed (not a copy)` }]);
  });

  it('reads a new file with the same full head whole when it differs from what was read from the truncated original', async () => {
    const d = dir();
    const banner = lines(0, 30, 'banner');
    const a = path.join(d, 'a.log');
    writeFileSync(a, banner + lines(0, 100, 'a'));
    writeFileSync(path.join(d, 'b.log'), banner + lines(0, 100, 'b'));
    const { tail } = await readAll(a);
    const detector = new CopyDetector({ wait: WAIT, keep: WAIT, hold: true });
    detector.remember(await truncate(tail));
    const verdict = await detector.consider(await candidate(path.join(d, 'b.log'), 0), followed(tail), 0);
    expect(verdict).toMatchObject({ kind: 'new' });
    expect(verdict.kind === 'new' && verdict.reason).toMatch(new RegExp(`^starts like ${a}, which was truncated, but the bytes before offset \\d+ differ`));
  });

  it('waits on a short file that so far equals a followed file`s start (a header), and reads it whole once it differs', async () => {
    const d = dir();
    const header = 'timestamp,level,message\n';
    const a = path.join(d, 'a.csv');
    const b = path.join(d, 'b.csv');
    writeFileSync(a, header + lines(0, 100, 'a'));
    writeFileSync(b, header);
    const { tail } = await readAll(a);
    const detector = new CopyDetector({ wait: WAIT, keep: WAIT, hold: true });
    expect(await detector.consider(await candidate(b, 0), followed(tail), 0)).toMatchObject({ kind: 'hold' });
    detector.remember(await truncate(tail)); // a truncation nearby changes nothing
    expect(await detector.settle([], 1)).toEqual([]);
    appendFileSync(b, lines(0, 3, 'b'));
    const decided = await detector.settle([], 2);
    expect(decided.map(([c, verdict]) => [c.size, verdict])).toEqual([[Buffer.byteLength(header + lines(0, 3, 'b')), { kind: 'new', reason: 'new file' }]]);
  });

  it('decides at once in once mode: what is not a recognised copy now is new', async () => {
    const d = dir();
    const log = path.join(d, 'app.log');
    writeFileSync(log, lines(0, 200));
    copyFileSync(log, `${log}.1`);
    const { tail } = await readAll(log);
    const detector = new CopyDetector({ wait: WAIT, keep: WAIT, hold: false });
    expect(await detector.consider(await candidate(`${log}.1`, 0), followed(tail), 0)).toEqual({ kind: 'new', reason: 'new file' });
    expect(detector.holding).toBe(0);
  });

  it('recognises a copy of a file truncated while the agent was stopped by the sample in its checkpoint', async () => {
    const d = dir();
    const log = path.join(d, 'app.log');
    writeFileSync(log, lines(0, 200));
    const { tail, batches } = await readAll(log);
    for (const batch of batches) batch.delivered();
    const saved = tail.position();
    appendFileSync(log, lines(200, 10));
    copyFileSync(log, `${log}.1`);
    const detector = new CopyDetector({ wait: WAIT, keep: WAIT, hold: true });
    const fromCheckpoint = { path: log, head: { fingerprint: saved.fingerprint, bytes: undefined }, resumeAt: saved.offset, acks: undefined, seenAt: 0 };
    detector.remember({ ...fromCheckpoint, samples: saved.sample ? [saved.sample] : [] });
    expect(await detector.consider(await candidate(`${log}.1`, 0), [], 0)).toMatchObject({ kind: 'copy', offset: saved.offset });
    // Without a sample (an older checkpoint) there is nothing to verify: read whole.
    detector.remember({ ...fromCheckpoint, samples: [] });
    copyFileSync(log, `${log}.2`);
    expect(await detector.consider(await candidate(`${log}.2`, 0), [], 0)).toMatchObject({ kind: 'new' });
  });
});
