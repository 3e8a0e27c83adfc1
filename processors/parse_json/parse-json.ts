/**
 * Parses a field as JSON. An event that is not valid JSON is kept, tagged `_jsonparsefailure` and given an
 * `error.message` that says what and where (the parser's position), so bad input is visible, never dropped.
 */
import type { Processor } from '../../agent/kit.js';
import { addTag, getField, isFieldObject, mergeFields, setField, type FieldValue, type LogEvent } from '../../agent/kit.js';
import type { ParseJsonConfig } from './config.js';

const PARSE_FAILURE_TAG = '_jsonparsefailure';
const TIMESTAMP_FAILURE_TAG = '_timestampparsefailure';
const CANONICAL_TIMESTAMP = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

export class ParseJson implements Processor {
  constructor(private readonly config: ParseJsonConfig) {}

  process(events: LogEvent[]): LogEvent[] {
    for (const event of events) this.parseOne(event);
    return events;
  }

  private parseOne(event: LogEvent): void {
    const { field, target } = this.config;
    const text = getField(event, field);
    if (typeof text !== 'string') {
      this.fail(event, text === undefined ? `field ${field} is missing` : `field ${field} is not a string`);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      this.fail(event, `invalid JSON in ${field}: ${(error as Error).message}`);
      return;
    }
    if (target === '') {
      if (!isFieldObject(parsed)) {
        this.fail(event, `JSON in ${field} is not an object; set target to keep other values`);
        return;
      }
      const fields = parsed as Record<string, unknown>;
      for (const key in fields) {
        if (!Object.prototype.hasOwnProperty.call(fields, key)) continue;
        const value = fields[key];
        if (key === '@timestamp') this.applyTimestamp(event, value);
        else if (isFieldObject(value) && isFieldObject(event[key])) mergeFields(event[key] as Record<string, FieldValue | undefined>, value);
        else event[key] = value as FieldValue;
      }
    } else {
      setField(event, target, parsed as FieldValue);
    }
    if (this.config.timestamp_field !== undefined) {
      const path = target === '' ? this.config.timestamp_field : `${target}.${this.config.timestamp_field}`;
      const value = getField(event, path);
      if (value !== undefined) this.applyTimestamp(event, value);
    }
  }

  private applyTimestamp(event: LogEvent, value: unknown): void {
    // Already in the canonical form (what toISOString writes): keep it without building a Date.
    if (typeof value === 'string' && CANONICAL_TIMESTAMP.test(value)) {
      event['@timestamp'] = value;
      return;
    }
    const date = typeof value === 'number' || typeof value === 'string' ? new Date(value) : undefined;
    if (date === undefined || Number.isNaN(date.getTime())) {
      addTag(event, TIMESTAMP_FAILURE_TAG);
      return;
    }
    event['@timestamp'] = date.toISOString();
  }

  private fail(event: LogEvent, message: string): void {
    addTag(event, PARSE_FAILURE_TAG);
    setField(event, 'error.message', `parse_json: ${message}`);
  }
}
