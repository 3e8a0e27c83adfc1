/**
 * How file-like outputs turn a batch of events into bytes: `json` writes each event as one JSON document per
 * line (NDJSON, the default); `text` writes only each event's `message`, one per line, for re-shipping raw
 * log lines (the same choice as Vector's `text` codec or rsyslog's `%msg%` template).
 */
import { z } from 'zod';
import type { LogEvent } from '../../kit.js';
import { NdjsonEncoder } from './ndjson-encoder.js';
import { TextLineEncoder } from './text-line-encoder.js';

export const codecSchema = z
  .enum(['json', 'text'])
  .default('json')
  .meta({ description: 'json: each event as one JSON document per line; text: only the `message` field, one per line.' });
export type Codec = z.output<typeof codecSchema>;

export interface BatchEncoder {
  /** The batch's bytes; the buffer is reused by the next call. */
  encode(events: readonly LogEvent[]): Buffer;
  /** Drops a buffer that grew for an unusually large batch. */
  shrink(): void;
}

export function batchEncoder(codec: Codec): BatchEncoder {
  return codec === 'text' ? new TextLineEncoder() : new NdjsonEncoder();
}
