import type { LogEvent } from '../event.js';

/** One JSON document per line; the whole batch becomes one string so it is written with one call. */
export function serializeNdjson(events: readonly LogEvent[]): string {
  let out = '';
  for (const event of events) out += `${JSON.stringify(event)}\n`;
  return out;
}
