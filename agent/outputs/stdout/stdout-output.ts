/** Writes events to standard output as NDJSON; a batch is acknowledged when the stream accepted it. */
import type { Writable } from 'node:stream';
import type { Output } from '../../component.js';
import type { LogEvent } from '../../event.js';
import { serializeNdjson } from '../ndjson.js';

export class StdoutOutput implements Output {
  constructor(
    private readonly pretty: boolean,
    private readonly stream: Writable = process.stdout,
  ) {}

  write(events: readonly LogEvent[]): Promise<void> {
    const data = this.pretty ? events.map((e) => `${JSON.stringify(e, null, 2)}\n`).join('') : serializeNdjson(events);
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
