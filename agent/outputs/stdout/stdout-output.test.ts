import { Registry } from 'prom-client';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryDeadLetters } from '../../../test/helpers/dead-letters.js';
import type { LogEvent } from '../../event.js';
import { batchEncoder } from '../codecs/codec.js';
import { stdoutOutput } from './index.js';
import { StdoutOutput } from './stdout-output.js';

/** A stream that keeps the chunks it is given, as they are (no copy), and acknowledges each at once or fails it. */
class Sink extends Writable {
  readonly chunks: Buffer[] = [];
  failWith: NodeJS.ErrnoException | undefined;

  constructor() {
    super({ decodeStrings: true });
  }

  get text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.failWith) return callback(this.failWith);
    this.chunks.push(chunk);
    callback();
  }
}

const events: LogEvent[] = [
  { '@timestamp': '2026-01-01T00:00:00.000Z', message: 'first "quoted" é', log: { offset: 1 } },
  { '@timestamp': '2026-01-01T00:00:01.000Z', message: 'second\n  continued' },
];

afterEach(() => {
  vi.restoreAllMocks();
});

describe('stdout output', () => {
  it('writes each event as one JSON line with the json codec', async () => {
    const sink = new Sink();
    await new StdoutOutput(false, batchEncoder('json'), sink).write(events);
    expect(sink.text).toBe(events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    expect(sink.chunks).toHaveLength(1); // one write per batch
  });

  it('writes only the messages with the text codec', async () => {
    const sink = new Sink();
    await new StdoutOutput(false, batchEncoder('text'), sink).write(events);
    expect(sink.text).toBe('first "quoted" é\nsecond\n  continued\n');
  });

  it('indents each event with pretty and the json codec; pretty leaves the text codec alone', async () => {
    const pretty = new Sink();
    await new StdoutOutput(true, batchEncoder('json'), pretty).write(events);
    expect(pretty.text).toBe(events.map((e) => `${JSON.stringify(e, null, 2)}\n`).join(''));
    const text = new Sink();
    await new StdoutOutput(true, batchEncoder('text'), text).write(events);
    expect(text.text).toBe('first "quoted" é\nsecond\n  continued\n');
  });

  it('hands the stream a copy, so a batch it holds on to is not overwritten by the next', async () => {
    const sink = new Sink();
    const output = new StdoutOutput(false, batchEncoder('json'), sink);
    await output.write([events[0] as LogEvent]);
    await output.write([events[1] as LogEvent]);
    expect(sink.chunks.map((chunk) => chunk.toString())).toEqual([`${JSON.stringify(events[0])}\n`, `${JSON.stringify(events[1])}\n`]);
  });

  it('acknowledges a write only when the stream took it', async () => {
    let take: (() => void) | undefined;
    const slow = new Writable({ write: (_chunk, _encoding, callback) => (take = () => callback()) });
    let acknowledged = false;
    const write = new StdoutOutput(false, batchEncoder('json'), slow).write(events).then(() => (acknowledged = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(acknowledged).toBe(false);
    take?.();
    await write;
    expect(acknowledged).toBe(true);
  });

  it('rejects the write with the error when the pipe is broken, to be retried', async () => {
    const sink = new Sink();
    const errors: Error[] = [];
    sink.on('error', (error) => errors.push(error)); // a Writable also emits it; stdout's owner handles that
    sink.failWith = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    await expect(new StdoutOutput(false, batchEncoder('json'), sink).write(events)).rejects.toMatchObject({ code: 'EPIPE' });
    expect(errors.map((error) => error.message)).toEqual(['write EPIPE']);
  });

  it('rejects writes to a stream that was closed', async () => {
    const sink = new Sink();
    sink.destroy();
    await expect(new StdoutOutput(false, batchEncoder('json'), sink).write(events)).rejects.toMatchObject({ code: 'ERR_STREAM_DESTROYED' });
  });

  it('neither ends nor closes the stream on flush and close: stdout belongs to the process', async () => {
    const sink = new Sink();
    const output = new StdoutOutput(false, batchEncoder('text'), sink);
    await output.write(events);
    await output.flush();
    await output.close();
    expect(sink.writableEnded).toBe(false);
    expect(sink.destroyed).toBe(false);
  });

  it('is built from its config and writes to the process stdout', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, callback?: (error?: Error | null) => void) => {
      written.push(Buffer.from(chunk).toString());
      callback?.();
      return true;
    }) as typeof process.stdout.write);
    const ctx = { id: 'out', location: 'outputs[0]', logger: pino({ level: 'silent' }), stateDir: '/nonexistent', configDir: '/nonexistent', deadLetters: new MemoryDeadLetters(), metrics: new Registry() };
    const output = await stdoutOutput.create(stdoutOutput.config.parse({ codec: 'text' }), ctx);
    await output.write(events);
    expect(written).toEqual(['first "quoted" é\nsecond\n  continued\n']);
  });
});
