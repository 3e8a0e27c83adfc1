/** The `json` codec: each event as one JSON document per line (NDJSON), a whole batch in one buffer. */
import type { LogEvent } from '../../kit.js';
import { JsonByteWriter } from './json-byte-writer.js';

/** Encodes event batches as NDJSON into a reusable buffer. */
export class NdjsonEncoder {
  private readonly writer = new JsonByteWriter();

  /** Returns the batch's bytes; the buffer is reused by the next call. */
  encode(events: readonly LogEvent[]): Buffer {
    const writer = this.writer;
    writer.reset();
    for (const event of events) {
      // Events are plain objects (never a toJSON): written as the top-level object, with its member cache.
      writer.object(event as unknown as Record<string, unknown>, undefined);
      writer.newline();
    }
    return writer.bytes();
  }

  /** Drops a buffer that grew for an unusually large batch, so memory returns to normal. */
  shrink(): void {
    this.writer.reset();
    this.writer.shrink();
  }
}
