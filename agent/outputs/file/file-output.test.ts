import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../event.js';
import { batchEncoder } from '../codecs/codec.js';
import { FileOutput, type FileOutputOptions } from './file-output.js';
import type { AppendFile, OutputFileSystem } from './file-system.js';

/** A fault on the next append: it writes `written` bytes, then fails. */
interface AppendFault {
  readonly written: number;
  readonly code: string;
  /** Also lose what was not fsynced yet, as Linux may after a failed writeback. */
  readonly dropUnsynced?: boolean;
}

/** One file in memory, with what reads see (`content`) and what survives a power cut (`durable`). */
class FaultyDisk implements OutputFileSystem {
  content = Buffer.alloc(0);
  durable = Buffer.alloc(0);
  syncs = 0;
  opens = 0;
  /** The next syncs fail with EIO and lose the unsynced bytes. */
  failSyncs = 0;
  failTruncates = 0;
  appendFaults: AppendFault[] = [];
  /** The next syncs wait for these, one each (a slow disk). */
  syncGates: Promise<void>[] = [];
  private syncsStarted = 0;
  private syncApplied = 0;

  get text(): string {
    return this.content.toString();
  }

  get durableText(): string {
    return this.durable.toString();
  }

  async openAppend(): Promise<AppendFile> {
    this.opens++;
    let closed = false;
    const live = () => {
      if (closed) throw errno('EBADF');
    };
    return {
      size: async () => (live(), this.content.length),
      read: async (buffer, position) => {
        live();
        return this.content.copy(buffer, 0, position, Math.min(this.content.length, position + buffer.length));
      },
      append: async (data) => {
        live();
        const fault = this.appendFaults.shift();
        if (fault === undefined) {
          this.content = Buffer.concat([this.content, data]);
          return;
        }
        this.content = Buffer.concat([fault.dropUnsynced ? this.durable : this.content, Buffer.from(data).subarray(0, fault.written)]);
        throw errno(fault.code);
      },
      sync: async () => {
        live();
        this.syncs++;
        const fail = this.failSyncs > 0;
        if (fail) this.failSyncs--;
        // Only what was written before the fsync started is sure to be covered.
        const covered = Buffer.from(this.content);
        const seq = ++this.syncsStarted;
        await this.syncGates.shift();
        if (fail) {
          this.content = Buffer.from(this.durable);
          throw errno('EIO');
        }
        if (seq > this.syncApplied) {
          this.durable = covered;
          this.syncApplied = seq;
        }
      },
      truncate: async (length) => {
        live();
        if (this.failTruncates > 0) {
          this.failTruncates--;
          throw errno('EIO');
        }
        this.content = this.content.subarray(0, length);
      },
      close: async () => {
        closed = true;
      },
    };
  }
}

/** Lets everything in flight finish: the faulty disk does no real I/O, so nothing it does outlasts a turn of the event loop. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function gate(): { wait: Promise<void>; open: () => void } {
  let open = () => undefined as void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated, write`), { code });
}

// Never touched: the faulty disk stands in for the file system.
const FILE = path.join(os.tmpdir(), 'sidecar-faulty-disk', 'out.log');

function output(disk: FaultyDisk, fsync = true, options: FileOutputOptions = {}): FileOutput {
  return new FileOutput(FILE, fsync, batchEncoder('text'), { fs: disk, ...options });
}

function batch(...messages: string[]): LogEvent[] {
  return messages.map((message) => ({ '@timestamp': '2026-01-01T00:00:00.000Z', message }));
}

const writeError = (reason: string) => ({ code: 'FILE_OUTPUT_WRITE', retriable: true, message: expect.stringContaining(`cannot write ${FILE}: ${reason}`) });

/** The lines in order of first appearance: duplicates after a fault are allowed, loss and reordering are not. */
function firstSeen(text: string): string[] {
  return [...new Set(text.split('\n').filter((line) => line !== ''))];
}

describe('file output: fsync', () => {
  it('stays dirty when fsync fails; a later flush writes the lost bytes again and syncs them, in order', async () => {
    const disk = new FaultyDisk();
    const out = output(disk);
    await out.write(batch('a1', 'a2'));
    await out.write(batch('b1'));
    disk.failSyncs = 1;
    await expect(out.flush()).rejects.toMatchObject(writeError('EIO'));
    expect(disk.durableText).toBe('');

    await out.flush();
    expect(disk.syncs).toBe(2);
    expect(disk.durableText).toBe('a1\na2\nb1\n');
    await out.flush();
    expect(disk.syncs).toBe(2);
  });

  it('writes the unsynced bytes again before the next batch after a failed fsync', async () => {
    const disk = new FaultyDisk();
    const out = output(disk);
    await out.write(batch('a'));
    disk.failSyncs = 1;
    await expect(out.flush()).rejects.toThrow();
    await out.write(batch('b'));
    expect(disk.text).toBe('a\nb\n');
    await out.flush();
    expect(disk.durableText).toBe('a\nb\n');
  });

  it('lets writes go on during a slow fsync, and keeps those for the next flush', async () => {
    const disk = new FaultyDisk();
    const out = output(disk);
    await out.write(batch('a'));
    const slow = gate();
    disk.syncGates = [slow.wait];
    const flushing = out.flush();
    await out.write(batch('b'));
    slow.open();
    await flushing;
    disk.failSyncs = 1;
    await expect(out.flush()).rejects.toThrow();
    await out.flush();
    expect(disk.durableText).toBe('a\nb\n');
  });
});

describe('file output: failed writes', () => {
  it('writes acknowledged but unsynced batches again before acknowledging the next one', async () => {
    const disk = new FaultyDisk();
    const out = output(disk);
    await out.write(batch('a'));
    await out.write(batch('b'));
    disk.appendFaults = [{ written: 1, code: 'EIO', dropUnsynced: true }];
    await expect(out.write(batch('c'))).rejects.toMatchObject(writeError('EIO'));

    await out.write(batch('c'));
    expect(firstSeen(disk.text)).toEqual(['a', 'b', 'c']);
    await out.flush();
    expect(firstSeen(disk.durableText)).toEqual(['a', 'b', 'c']);
  });

  it('cuts a partial append off the file, so the retry leaves no torn line', async () => {
    const disk = new FaultyDisk();
    const out = output(disk);
    await out.write(batch('first'));
    await out.flush();
    disk.appendFaults = [{ written: 7, code: 'ENOSPC' }];
    await expect(out.write(batch('second line', 'third'))).rejects.toMatchObject(writeError('ENOSPC'));
    expect(disk.text).toBe('first\n');

    await out.write(batch('second line', 'third'));
    expect(disk.text).toBe('first\nsecond line\nthird\n');
  });

  it('cuts the torn line at the next open when the cut-back failed', async () => {
    const disk = new FaultyDisk();
    const out = output(disk);
    await out.write(batch('first'));
    disk.failTruncates = 1;
    disk.appendFaults = [{ written: 4, code: 'EIO' }];
    await expect(out.write(batch('second'))).rejects.toThrow();
    expect(disk.text).toBe('first\nseco');

    await out.write(batch('second'));
    expect(firstSeen(disk.text)).toEqual(['first', 'second']);
  });

  it('keeps a torn line on a line of its own when the file cannot be cut', async () => {
    const disk = new FaultyDisk();
    const out = output(disk);
    await out.write(batch('first'));
    await out.flush();
    disk.failTruncates = 2;
    disk.appendFaults = [{ written: 4, code: 'EIO' }];
    await expect(out.write(batch('second'))).rejects.toThrow();
    await out.write(batch('second'));
    expect(disk.text).toBe('first\nseco\nsecond\n');
  });

  it('cuts a torn line left by a crash (longer than one read) before writing', async () => {
    const disk = new FaultyDisk();
    disk.content = Buffer.from(`whole\n${'x'.repeat(100_000)}`);
    const out = output(disk);
    await out.write(batch('next'));
    expect(disk.text).toBe('whole\nnext\n');
  });
});

describe('file output: bounded memory', () => {
  it('fsyncs inside write, before acknowledging, when the kept bytes would pass the cap', async () => {
    const disk = new FaultyDisk();
    const out = output(disk, true, { maxUnsyncedBytes: 10 });
    await out.write(batch('aaaa'));
    await settle();
    expect(disk.syncs).toBe(0);
    await out.write(batch('bbbbbb'));
    expect(disk.syncs).toBe(1);
    expect(disk.durableText).toBe('aaaa\nbbbbbb\n');
    await out.flush();
    expect(disk.syncs).toBe(1);
  });

  it('starts an fsync in the background at half the cap, without holding up the write', async () => {
    const disk = new FaultyDisk();
    const out = output(disk, true, { maxUnsyncedBytes: 10 });
    const slow = gate();
    disk.syncGates = [slow.wait];
    await out.write(batch('aaaa'));
    await out.write(batch('bb'));
    await settle();
    expect(disk.syncs).toBe(1);
    expect(disk.durableText).toBe('');
    slow.open();
    await settle();
    expect(disk.durableText).toBe('aaaa\nbb\n');
    await out.flush();
    expect(disk.syncs).toBe(1);
  });

  it('rejects the write when that fsync fails, and delivers everything on the retry', async () => {
    const disk = new FaultyDisk();
    const out = output(disk, true, { maxUnsyncedBytes: 10 });
    await out.write(batch('aaaa'));
    disk.failSyncs = 1;
    await expect(out.write(batch('bbbbbb'))).rejects.toMatchObject(writeError('EIO'));
    expect(disk.durableText).toBe('');
    await out.write(batch('bbbbbb'));
    expect(firstSeen(disk.durableText)).toEqual(['aaaa', 'bbbbbb']);
  });

  it('keeps nothing and never fsyncs with fsync: false', async () => {
    const disk = new FaultyDisk();
    const out = output(disk, false);
    await out.write(batch('a'));
    await out.flush();
    disk.appendFaults = [{ written: 0, code: 'EIO', dropUnsynced: true }];
    await expect(out.write(batch('b'))).rejects.toThrow();
    await out.write(batch('b'));
    await out.close();
    expect(disk.text).toBe('b\n');
    expect(disk.syncs).toBe(0);
  });
});

describe('file output on the real file system', () => {
  it('appends, cuts a torn last line left by a crash, and closes', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sidecar-file-output-'));
    const file = path.join(dir, 'sub', 'out.log');
    const first = new FileOutput(file, true, batchEncoder('text'));
    await first.write(batch('a', 'b'));
    await first.close();
    await writeFile(file, 'torn', { flag: 'a' });
    const second = new FileOutput(file, true, batchEncoder('text'));
    await second.write(batch('c'));
    await second.flush();
    await second.close();
    expect(await readFile(file, 'utf8')).toBe('a\nb\nc\n');
  });
});
