import { appendFileSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Batch } from '../../component.js';
import { FileTail, type TailOptions } from './file-tail.js';
import { FINGERPRINT_BYTES, takeHead } from './fingerprint.js';

const options: TailOptions = { maxLineBytes: 1 << 20, multiline: undefined, stamp: { hostName: 'host-1', serviceName: undefined } };
const handles: FileHandle[] = [];
afterEach(async () => {
  for (const handle of handles.splice(0)) await handle.close().catch(() => undefined);
});

const dir = mkdtempSync(path.join(os.tmpdir(), 'file-tail-'));
let files = 0;

/** A tail on a new file with `content`, from `start`, and the batches it hands out. */
async function tailOn(content: string, start = 0, tailOptions: TailOptions = options) {
  const file = path.join(dir, `f${files++}.log`);
  writeFileSync(file, content);
  const handle = await open(file, 'r');
  handles.push(handle);
  const tail = new FileTail('1:1', file, handle, await takeHead(handle, Buffer.byteLength(content)), start, tailOptions);
  const batches: Batch[] = [];
  const read = (bufferSize = 64 * 1024) => tail.read(Buffer.alloc(bufferSize), async (batch) => void batches.push(batch), 1 << 30);
  const messages = () => batches.flatMap((b) => b.events.map((e) => e.message));
  return { file, tail, batches, read, messages };
}

describe('FileTail framing', () => {
  it('makes one event per line, without line endings, and skips empty lines', async () => {
    const { read, messages, batches } = await tailOn('one\r\ntwo\n\n\nthree\n');
    expect(await read()).toBe(17);
    expect(messages()).toEqual(['one', 'two', 'three']);
    expect(batches[0]?.events.map((e) => e.log)).toEqual([
      { file: { path: expect.any(String) }, offset: 0 },
      { file: { path: expect.any(String) }, offset: 5 },
      { file: { path: expect.any(String) }, offset: 11 },
    ]);
  });

  it('stamps each event with its file, offset, host, service and read time', async () => {
    const { file, read, batches } = await tailOn('hello\n', 0, { ...options, stamp: { hostName: 'host-1', serviceName: 'checkout' } });
    await read();
    const event = batches[0]?.events[0];
    expect(event).toEqual({
      '@timestamp': expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      message: 'hello',
      log: { file: { path: file }, offset: 0 },
      event: { ingested: event?.['@timestamp'] },
      host: { name: 'host-1' },
      service: { name: 'checkout' },
    });
  });

  it('holds back an unfinished last line until it is completed', async () => {
    const { file, read, messages, tail } = await tailOn('done\nhalf');
    await read();
    expect(messages()).toEqual(['done']);
    expect(tail.atEnd).toBe(true);
    appendFileSync(file, ' and the rest\n');
    await read();
    expect(messages()).toEqual(['done', 'half and the rest']);
  });

  it('frames lines across small reads', async () => {
    const lines = Array.from({ length: 20 }, (_, i) => `line number ${i}`);
    const { read, messages } = await tailOn(lines.map((l) => `${l}\n`).join(''));
    await read(7);
    expect(messages()).toEqual(lines);
  });

  it('truncates a line over max_line_bytes and flags it', async () => {
    const { read, batches } = await tailOn(`${'x'.repeat(20)}\nok\n`, 0, { ...options, maxLineBytes: 8 });
    await read();
    expect(batches.flatMap((b) => b.events.map((e) => [e.message, (e.log as { flags?: string[] }).flags]))).toEqual([
      ['xxxxxxxx', ['truncated']],
      ['ok', undefined],
    ]);
  });

  it('starts at a given offset', async () => {
    const { read, messages } = await tailOn('skip me\nread me\n', 8);
    await read();
    expect(messages()).toEqual(['read me']);
  });
});

describe('FileTail acknowledgements', () => {
  it('moves its position only over delivered batches, in read order', async () => {
    const { file, tail, batches, read } = await tailOn('a\n');
    await read();
    appendFileSync(file, 'bb\n');
    await read();
    appendFileSync(file, 'ccc\n');
    await read();
    expect(batches.map((b) => b.events.length)).toEqual([1, 1, 1]);
    expect(tail.position().offset).toBe(0);
    expect(tail.undelivered).toBe(3);
    batches[1]?.delivered();
    batches[2]?.delivered();
    expect(tail.position().offset).toBe(0);
    batches[0]?.delivered();
    expect(tail.position().offset).toBe(9);
    expect(tail.undelivered).toBe(0);
  });

  it('stays before a failed batch', async () => {
    const { file, tail, batches, read } = await tailOn('a\n');
    await read();
    appendFileSync(file, 'bb\n');
    await read();
    batches[0]?.delivered();
    batches[1]?.failed(new Error('output gone'));
    expect(tail.position().offset).toBe(2);
  });

  it('never covers an unfinished line, and covers skipped empty lines once delivered', async () => {
    const { file, tail, batches, read } = await tailOn('a\nhal');
    await read();
    batches[0]?.delivered();
    expect(tail.position().offset).toBe(2);
    appendFileSync(file, 'f\n\n\n');
    await read();
    batches[1]?.delivered();
    expect(tail.position().offset).toBe(9);
    appendFileSync(file, '\n\n');
    await read();
    expect(batches[2]?.events).toEqual([]);
    batches[2]?.delivered();
    expect(tail.position().offset).toBe(11);
  });

  it('reports what lies beyond the delivered position', async () => {
    const { tail, batches, read } = await tailOn('one\ntwo\n');
    expect(await tail.bytesBehind()).toBe(8);
    await read();
    expect(await tail.bytesBehind()).toBe(8);
    batches[0]?.delivered();
    expect(await tail.bytesBehind()).toBe(0);
  });
});

describe('FileTail truncation', () => {
  const long = Array.from({ length: 60 }, (_, i) => `original line ${i} ${'.'.repeat(20)}\n`).join('');

  it('finds nothing while the file only grows', async () => {
    const { file, tail, read } = await tailOn('short\n');
    await read();
    expect(await tail.detectTruncation()).toBeUndefined();
    appendFileSync(file, long);
    await read();
    expect(await tail.detectTruncation()).toBeUndefined();
    expect(tail.knownHead.fingerprint.length).toBe(FINGERPRINT_BYTES);
  });

  it('restarts at 0 when the file shrank below what was read, returning what had been read', async () => {
    const { file, tail, batches, read, messages } = await tailOn(long);
    await read();
    batches[0]?.delivered();
    truncateSync(file, 0);
    appendFileSync(file, 'after truncation\n');
    const old = await tail.detectTruncation();
    expect(old).toMatchObject({ path: file, resumeAt: Buffer.byteLength(long) });
    expect(old?.head.fingerprint.length).toBe(FINGERPRINT_BYTES);
    expect(old?.samples.length).toBeGreaterThan(0);
    expect(tail.position().offset).toBe(0);
    await read();
    expect(messages().at(-1)).toBe('after truncation');
    expect(batches.at(-1)?.events[0]?.log).toMatchObject({ offset: 0 });
  });

  it('restarts at 0 when the first bytes changed though the file is as long as before', async () => {
    const { file, tail, read, messages } = await tailOn('aaaa\nbbbb\n');
    await read();
    writeFileSync(file, 'cccc\ndddd\neeee\n');
    expect(await tail.detectTruncation()).toBeDefined();
    await read();
    expect(messages()).toEqual(['aaaa', 'bbbb', 'cccc', 'dddd', 'eeee']);
  });

  it('leaves batches of the old content to the old acknowledgements', async () => {
    const { file, tail, batches, read } = await tailOn(long);
    await read();
    truncateSync(file, 0);
    const old = await tail.detectTruncation();
    batches[0]?.delivered();
    expect(old?.acks?.committed).toBe(Buffer.byteLength(long));
    expect(tail.position().offset).toBe(0);
  });
});
