/**
 * The event the file input makes of one line (or one joined multiline record). `sidecar-ai test` makes its
 * `lines:` into events with the same function, so a pipeline test sees what the agent will see.
 */
import type { EventStamp, LogEvent } from '../../kit.js';

export function lineEvent(message: string, path: string, offset: number, timestamp: string, stamp: EventStamp, flags?: string[]): LogEvent {
  const event: LogEvent = {
    '@timestamp': timestamp,
    message,
    log: flags ? { file: { path }, offset, flags } : { file: { path }, offset },
    event: { ingested: timestamp },
    host: { name: stamp.hostName },
  };
  if (stamp.serviceName !== undefined) event.service = { name: stamp.serviceName };
  return event;
}
