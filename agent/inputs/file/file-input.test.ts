/**
 * The file input as a whole, in-process: created through its definition with a real temporary directory,
 * handing batches to a sink that records them and acknowledges them (at once, or when a test says so).
 * Checkpoints are taken and persisted the way the runtime does, and read back from the state file.
 */
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, renameSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryDeadLetters } from '../../../test/helpers/dead-letters.js';
import type { Batch, Input, InputContext } from '../../component.js';
import type { LogEvent } from '../../event.js';
import { fileInput } from './index.js';

const WAIT = { timeout: 15_000, interval: 10 };
const ID = 'app-logs';

interface Received {
  readonly message: string;
  readonly path: string;
  readonly offset: number;
}

interface LogLine {
  readonly msg: string;
  readonly path?: string;
  readonly offset?: number;
  readonly reason?: string;
}

const started: { stop: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const run of started.splice(0)) await run.stop();
});

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'file-input-'));
}

function lines(from: number, count: number, tag = 'line'): string {
  return Array.from({ length: count }, (_, i) => `${tag} ${from + i}\n`).join('');
}

function received(event: LogEvent): Received {
  const log = event.log as { file: { path: string }; offset: number };
  return { message: event.message as string, path: log.file.path, offset: log.offset };
}

/**
 * Runs a file input on `dir` (state in dir/state) with fast polling. With `ack: 'manual'` batches stay
 * unacknowledged until the test delivers or fails them. `backUp()` makes the sink hold every batch from then
 * on until `drain()`, the way a full pipeline in front of a slow output does.
 */
async function start(dir: string, config: Record<string, unknown>, { ack = 'auto' }: { ack?: 'auto' | 'manual' } = {}) {
  const logs: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const ctx: InputContext = {
    id: ID,
    location: 'inputs[0]',
    logger,
    stateDir: path.join(dir, 'state'),
    configDir: dir,
    deadLetters: new MemoryDeadLetters(),
    metrics: new Registry(),
    once: false,
    stamp: { hostName: 'h', serviceName: undefined },
  };
  const parsed = fileInput.config.parse({ poll_interval: '20ms', scan_interval: '50ms', rotate_wait: '100ms', ...config });
  const input: Input = await fileInput.create(parsed, ctx);
  const batches: Batch[] = [];
  let backedUp: { promise: Promise<void>; resolve: () => void } | undefined;
  const abort = new AbortController();
  const running = input.run(async (batch) => {
    batches.push(batch);
    if (backedUp) await backedUp.promise;
    if (ack === 'auto') batch.delivered();
  }, abort.signal);
  const backUp = () => {
    let resolve = () => undefined as void;
    const promise = new Promise<void>((r) => (resolve = r));
    backedUp = { promise, resolve };
  };
  const drain = () => {
    backedUp?.resolve();
    backedUp = undefined;
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    drain();
    abort.abort();
    await running;
    await input.close();
  };
  started.push({ stop });
  const events = () => batches.flatMap((b) => b.events.map(received));
  const messages = () => events().map((e) => e.message);
  /** Takes a checkpoint the way the runtime does: snapshot now, persist after the outputs flushed. */
  const checkpoint = async () => input.snapshotCheckpoint()();
  const logged = (msg: string) => logs.filter((l) => l.msg === msg);
  return { input, batches, events, messages, checkpoint, stop, logs, logged, backUp, drain };
}

/** The checkpoint file's positions, by the path each file had. */
function savedOffsets(dir: string): Record<string, number> {
  const file = path.join(dir, 'state', 'checkpoints', `file-${ID}.json`);
  const content = JSON.parse(readFileSync(file, 'utf8')) as { files: Record<string, { path: string; offset: number }> };
  return Object.fromEntries(Object.values(content.files).map((p) => [p.path, p.offset]));
}

describe('file input start positions', () => {
  it('reads a new file from 0, also with start_at: end, which only skips what existed at start-up', async () => {
    const dir = tempDir();
    const old = path.join(dir, 'old.log');
    writeFileSync(old, lines(0, 3, 'before'));
    const run = await start(dir, { include: ['*.log'], start_at: 'end' });
    await vi.waitFor(() => expect(run.logged('following file')).toHaveLength(1), WAIT);
    appendFileSync(old, lines(3, 1, 'before'));
    writeFileSync(path.join(dir, 'new.log'), lines(0, 2, 'new'));
    await vi.waitFor(() => expect(run.messages()).toHaveLength(3), WAIT);
    expect(run.events().filter((e) => e.path === old)).toEqual([{ message: 'before 3', path: old, offset: 27 }]);
    expect(run.events().filter((e) => e.path !== old)).toEqual([
      { message: 'new 0', path: path.join(dir, 'new.log'), offset: 0 },
      { message: 'new 1', path: path.join(dir, 'new.log'), offset: 6 },
    ]);
  });

  it('with start_at: end starts an existing file at its unfinished last line, delivered whole once completed', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, `${lines(0, 2)}half`);
    const run = await start(dir, { include: ['app.log'], start_at: 'end' });
    await vi.waitFor(() => expect(run.logged('following file')).toEqual([expect.objectContaining({ offset: 14, reason: 'start_at end' })]), WAIT);
    appendFileSync(file, ' and rest\n');
    await vi.waitFor(() => expect(run.messages()).toEqual(['half and rest']), WAIT);
  });

  it('resumes from the checkpoint after close and re-create', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, lines(0, 3));
    const first = await start(dir, { include: ['app.log'] });
    await vi.waitFor(() => expect(first.messages()).toEqual(['line 0', 'line 1', 'line 2']), WAIT);
    await first.checkpoint();
    await first.stop();
    expect(savedOffsets(dir)).toEqual({ [file]: 21 });

    appendFileSync(file, lines(3, 2));
    const second = await start(dir, { include: ['app.log'] });
    await vi.waitFor(() => expect(second.messages()).toEqual(['line 3', 'line 4']), WAIT);
    expect(second.logged('following file')).toEqual([expect.objectContaining({ offset: 21, reason: 'checkpoint' })]);
  });

  it('restarts at 0 a file truncated since its checkpoint', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    const content = lines(0, 200, 'a fairly long line to pass the fingerprint');
    writeFileSync(file, content);
    const first = await start(dir, { include: ['app.log'] });
    await vi.waitFor(() => expect(first.messages()).toHaveLength(200), WAIT);
    await first.checkpoint();
    await first.stop();

    // Truncated and written again with the same start, shorter than what was delivered.
    const shorter = lines(0, 100, 'a fairly long line to pass the fingerprint');
    writeFileSync(file, shorter);
    const second = await start(dir, { include: ['app.log'] });
    await vi.waitFor(() => expect(second.messages()).toHaveLength(100), WAIT);
    expect(second.events()[0]).toEqual({ message: 'a fairly long line to pass the fingerprint 0', path: file, offset: 0 });
    expect(second.logged('following file')).toEqual([expect.objectContaining({ offset: 0, reason: 'truncated since checkpoint' })]);
  });

  it('reads from 0 a different file behind a known inode (its first bytes differ from the checkpoint`s)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, lines(0, 3, 'old'));
    const first = await start(dir, { include: ['app.log'] });
    await vi.waitFor(() => expect(first.messages()).toHaveLength(3), WAIT);
    await first.checkpoint();
    await first.stop();

    // Same inode, other content, longer than the checkpoint's offset: only the fingerprint tells.
    writeFileSync(file, lines(0, 5, 'new'));
    const second = await start(dir, { include: ['app.log'] });
    await vi.waitFor(() => expect(second.messages()).toEqual(['new 0', 'new 1', 'new 2', 'new 3', 'new 4']), WAIT);
    expect(second.logged('following file')).toEqual([expect.objectContaining({ offset: 0, reason: 'new file behind a known inode' })]);
  });

  it('finds a file rotated away from the globs while stopped and reads its rest', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, lines(0, 2));
    const first = await start(dir, { include: ['app.log'] });
    await vi.waitFor(() => expect(first.messages()).toHaveLength(2), WAIT);
    await first.checkpoint();
    await first.stop();

    appendFileSync(file, lines(2, 1));
    renameSync(file, `${file}.1`);
    writeFileSync(file, lines(0, 1, 'fresh'));
    const second = await start(dir, { include: ['app.log'] });
    await vi.waitFor(() => expect(second.messages().sort()).toEqual(['fresh 0', 'line 2']), WAIT);
    expect(second.events().find((e) => e.message === 'line 2')).toEqual({ message: 'line 2', path: `${file}.1`, offset: 14 });
  });
});

describe('file input rotation, truncation and deletion', () => {
  it('finishes a file rotated by rename and reads the new one from 0', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, lines(0, 3));
    const run = await start(dir, { include: ['app.log'] });
    await vi.waitFor(() => expect(run.messages()).toHaveLength(3), WAIT);

    renameSync(file, `${file}.1`);
    appendFileSync(`${file}.1`, lines(3, 2)); // the application still writes to its open descriptor
    writeFileSync(file, lines(0, 2, 'new'));
    await vi.waitFor(() => expect(run.logged('released rotated or deleted file')).toHaveLength(1), WAIT);
    expect(run.messages()).toEqual(expect.arrayContaining(['line 0', 'line 1', 'line 2', 'line 3', 'line 4', 'new 0', 'new 1']));
    expect(run.messages()).toHaveLength(7);
    expect(run.events().find((e) => e.message === 'new 0')?.offset).toBe(0);
    expect(run.logged('file rotated; finishing the old one')).toHaveLength(1);

    // The old file keeps its position while it exists: if it is renamed into the globs, it is not new.
    await run.checkpoint();
    expect(savedOffsets(dir)).toEqual({ [file]: 12, [`${file}.1`]: 35 });
  });

  it('continues a file renamed to a name the globs match while the pipeline was backed up, reading no line twice', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, lines(0, 3));
    const run = await start(dir, { include: ['app.log*'] });
    await vi.waitFor(() => expect(run.messages()).toHaveLength(3), WAIT);

    // The output stalls: the next batch is held, and the read loop with it, while the file is rotated.
    run.backUp();
    appendFileSync(file, lines(3, 2));
    await vi.waitFor(() => expect(run.messages()).toHaveLength(5), WAIT);
    renameSync(file, `${file}.1`);
    writeFileSync(file, lines(0, 2, 'new'));
    // Longer than rotate_wait: the rotated file has been quiet that long when the loop gets to it again.
    await sleep(400);
    run.drain();

    await vi.waitFor(async () => {
      await run.checkpoint();
      expect(savedOffsets(dir)).toEqual({ [file]: 12, [`${file}.1`]: 35 });
    }, WAIT);
    // Scans keep finding app.log.1 under the globs: give them the chance to read it again.
    await sleep(300);
    expect(run.messages().sort()).toEqual(['line 0', 'line 1', 'line 2', 'line 3', 'line 4', 'new 0', 'new 1']);
  });

  it('continues a released file renamed back under the globs where it was read to, also after a restart', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, lines(0, 3));
    const first = await start(dir, { include: ['*.log'] });
    await vi.waitFor(() => expect(first.messages()).toHaveLength(3), WAIT);

    // A rotation in two steps: away from the globs first (released), then to a name they match.
    renameSync(file, path.join(dir, 'app.tmp'));
    await vi.waitFor(() => expect(first.logged('released rotated or deleted file')).toHaveLength(1), WAIT);
    renameSync(path.join(dir, 'app.tmp'), path.join(dir, 'app-1.log'));
    appendFileSync(path.join(dir, 'app-1.log'), lines(3, 1));
    await vi.waitFor(() => expect(first.messages()).toHaveLength(4), WAIT);
    expect(first.logged('released file found again under the globs; continuing where it was read to')).toEqual([
      expect.objectContaining({ path: path.join(dir, 'app-1.log'), offset: 21 }),
    ]);

    // Released again, away from the globs, and the agent stops: the checkpoint remembers where it was read to.
    renameSync(path.join(dir, 'app-1.log'), path.join(dir, 'app.tmp'));
    await vi.waitFor(() => expect(first.logged('released rotated or deleted file')).toHaveLength(2), WAIT);
    await first.checkpoint();
    await first.stop();
    expect(savedOffsets(dir)).toEqual({ [path.join(dir, 'app.tmp')]: 28 });

    renameSync(path.join(dir, 'app.tmp'), path.join(dir, 'app-2.log'));
    appendFileSync(path.join(dir, 'app-2.log'), lines(4, 1));
    const second = await start(dir, { include: ['*.log'] });
    await vi.waitFor(() => expect(second.messages()).toEqual(['line 4']), WAIT);
    expect(first.messages()).toEqual(['line 0', 'line 1', 'line 2', 'line 3']);
  });

  it('reads a file truncated in place (copytruncate without copies) again from 0', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, lines(0, 3));
    const run = await start(dir, { include: ['app.log'] });
    await vi.waitFor(() => expect(run.messages()).toHaveLength(3), WAIT);

    truncateSync(file, 0);
    appendFileSync(file, lines(0, 1, 'after'));
    await vi.waitFor(() => expect(run.messages()).toEqual(['line 0', 'line 1', 'line 2', 'after 0']), WAIT);
    expect(run.events().at(-1)?.offset).toBe(0);
    expect(run.logged('file truncated (copytruncate?); reading it from the start')).toHaveLength(1);
    await run.checkpoint();
    expect(savedOffsets(dir)).toEqual({ [file]: 8 });
  });

  it('reads a file deleted while read to its end and releases it after rotate_wait, keeping its position while batches are in flight', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, lines(0, 2));
    const run = await start(dir, { include: ['app.log'] }, { ack: 'manual' });
    await vi.waitFor(() => expect(run.messages()).toHaveLength(2), WAIT);
    run.batches[0]?.delivered();

    appendFileSync(file, lines(2, 1));
    unlinkSync(file);
    await vi.waitFor(() => expect(run.logged('released rotated or deleted file')).toHaveLength(1), WAIT);
    expect(run.messages()).toEqual(['line 0', 'line 1', 'line 2']);
    expect(run.logged('file deleted; finishing it')).toHaveLength(1);

    await run.checkpoint();
    expect(savedOffsets(dir)).toEqual({ [file]: 14 });
    for (const batch of run.batches) batch.delivered();
    await run.checkpoint();
    expect(savedOffsets(dir)).toEqual({});
  });
});

describe('file input: files closed as inactive', () => {
  it('closes a file idle for close_inactive, leaves it closed while unchanged, and follows it on when it grows', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, lines(0, 3));
    const run = await start(dir, { include: ['app.log'], close_inactive: '200ms' });
    await vi.waitFor(() => expect(run.messages()).toHaveLength(3), WAIT);
    await vi.waitFor(() => expect(run.logged('closed inactive file; it is opened again when it grows')).toHaveLength(1), WAIT);

    // Scans every 50 ms keep finding it unchanged: it stays closed, and its position stays in the checkpoint.
    await sleep(300);
    expect(run.logged('released file found again under the globs; continuing where it was read to')).toHaveLength(0);
    await run.checkpoint();
    expect(savedOffsets(dir)).toEqual({ [file]: 21 });

    appendFileSync(file, 'line 3\npartial');
    await vi.waitFor(() => expect(run.messages()).toEqual(['line 0', 'line 1', 'line 2', 'line 3']), WAIT);
    expect(run.logged('released file found again under the globs; continuing where it was read to')).toEqual([expect.objectContaining({ path: file, offset: 21 })]);

    // Closed again with an unfinished last line: it is read again from that line's start when completed.
    await vi.waitFor(() => expect(run.logged('closed inactive file; it is opened again when it grows')).toHaveLength(2), WAIT);
    appendFileSync(file, ' line\n');
    await vi.waitFor(() => expect(run.messages()).toEqual(['line 0', 'line 1', 'line 2', 'line 3', 'partial line']), WAIT);
  });

  it('reads a closed file truncated and written again to the same size', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, 'line 0\n');
    const run = await start(dir, { include: ['app.log'], close_inactive: '200ms' });
    await vi.waitFor(() => expect(run.logged('closed inactive file; it is opened again when it grows')).toHaveLength(1), WAIT);
    writeFileSync(file, 'line 9\n');
    await vi.waitFor(() => expect(run.messages()).toEqual(['line 0', 'line 9']), WAIT);
  });

  it('opens a closed file again on its first write, without waiting for a scan', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, lines(0, 1));
    const run = await start(dir, { include: ['app.log'], close_inactive: '200ms', scan_interval: '1h' });
    await vi.waitFor(() => expect(run.logged('closed inactive file; it is opened again when it grows')).toHaveLength(1), WAIT);
    appendFileSync(file, lines(1, 1));
    await vi.waitFor(() => expect(run.messages()).toEqual(['line 0', 'line 1']), WAIT);
  });

  // logrotate copies, then truncates: the agent may see the truncation first, or the copy (then it follows the
  // closed file again to see the truncation, with what it had read from it before).
  it.each(['truncation', 'copy'])('recognises a copy of a file closed as inactive (copytruncate of a quiet log), seeing the %s first, and reads no line twice', async (first) => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    // Longer than the 1 KiB head files are compared by, with reads to sample beyond it.
    const before = lines(0, 300);
    writeFileSync(file, before);
    const run = await start(dir, { include: ['app.log*'], close_inactive: '200ms', read_buffer_bytes: 1024 });
    await vi.waitFor(() => expect(run.messages()).toHaveLength(300), WAIT);
    await vi.waitFor(() => expect(run.logged('closed inactive file; it is opened again when it grows')).toHaveLength(1), WAIT);

    copyFileSync(file, `${file}.1`);
    if (first === 'copy') await vi.waitFor(() => expect(run.logged('released file found again under the globs; continuing where it was read to')).toHaveLength(1), WAIT);
    truncateSync(file, 0);
    appendFileSync(file, lines(0, 2, 'after'));
    await vi.waitFor(() => expect(run.messages()).toHaveLength(302), WAIT);
    // Scans keep finding both files: give them the chance to read either again.
    await sleep(300);
    expect(run.messages()).toEqual([...before.trimEnd().split('\n'), 'after 0', 'after 1']);
    expect(run.logged('recognised a copy of a truncated file; reading it from where the original was read to')).toHaveLength(1);
  });
});

describe('file input checkpoints', () => {
  /** Three batches of one file, one per write. */
  async function threeBatches(dir: string) {
    const file = path.join(dir, 'app.log');
    writeFileSync(file, 'one\n');
    const run = await start(dir, { include: ['app.log'] }, { ack: 'manual' });
    await vi.waitFor(() => expect(run.batches).toHaveLength(1), WAIT);
    appendFileSync(file, 'two\n');
    await vi.waitFor(() => expect(run.batches).toHaveLength(2), WAIT);
    appendFileSync(file, 'three\n');
    await vi.waitFor(() => expect(run.batches).toHaveLength(3), WAIT);
    expect(run.batches.map((b) => b.events.map((e) => e.message))).toEqual([['one'], ['two'], ['three']]);
    return { file, run };
  }

  it('never covers an unacknowledged batch, whatever order the acknowledgements come in', async () => {
    const dir = tempDir();
    const { file, run } = await threeBatches(dir);
    await run.checkpoint();
    expect(savedOffsets(dir)).toEqual({ [file]: 0 });

    run.batches[1]?.delivered();
    run.batches[2]?.delivered();
    await run.checkpoint();
    expect(savedOffsets(dir)).toEqual({ [file]: 0 });

    run.batches[0]?.delivered();
    await run.checkpoint();
    expect(savedOffsets(dir)).toEqual({ [file]: 14 });
  });

  it('does not move past a failed batch, which is read again after a restart', async () => {
    const dir = tempDir();
    const { file, run } = await threeBatches(dir);
    run.batches[0]?.delivered();
    run.batches[1]?.failed(new Error('output gone'));
    run.batches[2]?.delivered();
    await run.checkpoint();
    expect(savedOffsets(dir)).toEqual({ [file]: 4 });
    await run.stop();

    const again = await start(dir, { include: ['app.log'] });
    await vi.waitFor(() => expect(again.messages()).toEqual(['two', 'three']), WAIT);
  });

  it('drops the positions of checkpointed files that are gone once it has started', async () => {
    const dir = tempDir();
    const a = path.join(dir, 'a.log');
    const b = path.join(dir, 'b.log');
    writeFileSync(a, 'a\n');
    writeFileSync(b, 'b\n');
    const first = await start(dir, { include: ['*.log'] });
    await vi.waitFor(() => expect(first.messages().sort()).toEqual(['a', 'b']), WAIT);
    await first.checkpoint();
    await first.stop();
    expect(savedOffsets(dir)).toEqual({ [a]: 2, [b]: 2 });

    unlinkSync(b);
    const second = await start(dir, { include: ['*.log'] });
    await vi.waitFor(() => expect(second.logged('following file')).toHaveLength(1), WAIT);
    await vi.waitFor(async () => {
      await second.checkpoint();
      expect(savedOffsets(dir)).toEqual({ [a]: 2 });
    }, WAIT);
  });
});
