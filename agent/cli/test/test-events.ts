/**
 * The events a pipeline test feeds its processors: raw `lines` become events exactly as the file input
 * makes them; `input` objects are taken as they are, dotted keys (`user.email`) written as field paths.
 */
import type { PipelineTest } from '../../../config/pipeline-test-schema.js';
import type { EventStamp } from '../../component.js';
import { mergeFields, setField, type FieldValue, type LogEvent } from '../../event.js';
import { lineEvent } from '../../inputs/file/line-event.js';

export function testEvents(test: PipelineTest, file: string, stamp: EventStamp, timestamp: string): LogEvent[] {
  if (test.lines !== undefined) {
    let offset = 0;
    return test.lines.map((line) => {
      const event = lineEvent(line, file, offset, timestamp, stamp);
      offset += Buffer.byteLength(line) + 1;
      return event;
    });
  }
  return (test.input ?? []).map((fields) => {
    // The schema checked that message and @timestamp, when given, are text.
    const event = { '@timestamp': timestamp } as LogEvent;
    // Merged, not assigned: `user.id` and `user: {name}` in one event both land under user.
    for (const [key, value] of Object.entries(fields)) {
      if (key.includes('.') && key !== '@timestamp') setField(event, key, value as FieldValue);
      else mergeFields(event, { [key]: value });
    }
    return event;
  });
}
