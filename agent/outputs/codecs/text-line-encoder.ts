/**
 * The `text` codec: each event's `message`, one per line, as UTF-8. A message that is not a string (after a
 * processor replaced it) is written as JSON; an event without one gives an empty line, so line counts match
 * event counts. Messages are written as they are: a multi-line event spans several lines of output.
 */
import type { LogEvent } from '../../kit.js';
import { JsonByteWriter } from './json-byte-writer.js';

export class TextLineEncoder {
  private readonly writer = new JsonByteWriter();

  encode(events: readonly LogEvent[]): Buffer {
    const writer = this.writer;
    writer.reset();
    for (const event of events) {
      const message = event.message;
      if (typeof message === 'string') writer.raw(message);
      else if (message !== undefined && message !== null) writer.value(message);
      writer.newline();
    }
    return writer.bytes();
  }

  shrink(): void {
    this.writer.reset();
    this.writer.shrink();
  }
}
