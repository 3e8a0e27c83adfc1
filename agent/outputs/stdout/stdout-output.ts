/** Writes events to standard output as NDJSON; a batch is acknowledged when the stream accepted it. */
import type { Writable } from 'node:stream';
import type { Output } from '../../kit.js';
import type { LogEvent } from '../../kit.js';
import type { BatchEncoder } from '../codecs/codec.js';
import { NdjsonEncoder } from '../codecs/ndjson-encoder.js';

export class StdoutOutput implements Output {
  /**
   * A failed write is reported to its callback, and so retried; the stream also emits 'error', which would
   * crash the agent without a listener (EPIPE when the reader of `sidecar-ai run | head` went away).
   */
  private readonly ignoreStreamError = () => undefined;

  constructor(
    private readonly pretty: boolean,
    private readonly encoder: BatchEncoder = new NdjsonEncoder(),
    private readonly stream: Writable = process.stdout,
  ) {
    stream.on('error', this.ignoreStreamError);
  }

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
    this.stream.off('error', this.ignoreStreamError);
  }
}
