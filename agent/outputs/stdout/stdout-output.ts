/** Writes events to standard output as NDJSON; a batch is acknowledged when the stream accepted it. */
import type { Writable } from 'node:stream';
import type { Output } from '../../kit.js';
import type { LogEvent } from '../../kit.js';
import type { BatchEncoder } from '../codecs/codec.js';
import { NdjsonEncoder } from '../codecs/ndjson-encoder.js';

export class StdoutOutput implements Output {
  constructor(
    private readonly pretty: boolean,
    private readonly encoder: BatchEncoder = new NdjsonEncoder(),
    private readonly stream: Writable = process.stdout,
  ) {}

  write(events: readonly LogEvent[]): Promise<void> {
    // Copied out of the encoder's reusable buffer: the stream may hold on to what it is given.
    const data = this.pretty && this.encoder instanceof NdjsonEncoder ? events.map((e) => `${JSON.stringify(e, null, 2)}\n`).join('') : Buffer.from(this.encoder.encode(events));
    return new Promise((resolve, reject) => {
      this.stream.write(data, (error) => (error ? reject(error) : resolve()));
    });
  }

  async flush(): Promise<void> {
    // Nothing buffered by us: the write callback already means the stream took the data.
  }

  async close(): Promise<void> {
    // stdout belongs to the process; it is not closed here.
  }
}
