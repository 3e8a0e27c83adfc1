/**
 * Checks one event against its expectation and describes every difference by field path, expected against
 * actual, so a failing test reads like a diff.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Expectation } from '../../../config/pipeline-test-schema.js';
import { getField, type FieldValue, type LogEvent } from '../../event.js';

export interface Mismatch {
  /** `event[0].user.email`, or `(event count)`. */
  readonly path: string;
  readonly check: 'equals' | 'contains' | 'matches' | 'absent' | 'dropped' | 'count';
  readonly expected: string;
  readonly actual: string;
}

const NOT_SET = '(not set)';

export function show(value: FieldValue | undefined): string {
  return value === undefined ? NOT_SET : JSON.stringify(value);
}

/** `event` is undefined when the event did not come out of the processors (dropped). */
export function checkEvent(index: number, event: LogEvent | undefined, expectation: Expectation): Mismatch[] {
  const at = (field: string) => `event[${index}].${field}`;
  if (event === undefined) {
    return expectation.dropped === true ? [] : [{ path: `event[${index}]`, check: 'dropped', expected: 'the event to come out', actual: 'dropped' }];
  }
  if (expectation.dropped === true) return [{ path: `event[${index}]`, check: 'dropped', expected: 'dropped', actual: 'the event came out' }];
  const mismatches: Mismatch[] = [];
  for (const [field, expected] of Object.entries(expectation.equals ?? {})) {
    const actual = getField(event, field);
    if (!isDeepStrictEqual(actual, expected)) mismatches.push({ path: at(field), check: 'equals', expected: show(expected), actual: show(actual) });
  }
  for (const [field, expected] of Object.entries(expectation.contains ?? {})) {
    const actual = getField(event, field);
    if (!contains(actual, expected)) mismatches.push({ path: at(field), check: 'contains', expected: `contains ${show(expected)}`, actual: show(actual) });
  }
  for (const [field, pattern] of Object.entries(expectation.matches ?? {})) {
    const actual = getField(event, field);
    if (typeof actual !== 'string' || !new RegExp(pattern).test(actual)) mismatches.push({ path: at(field), check: 'matches', expected: `matches /${pattern}/`, actual: show(actual) });
  }
  for (const field of expectation.absent ?? []) {
    const actual = getField(event, field);
    if (actual !== undefined) mismatches.push({ path: at(field), check: 'absent', expected: NOT_SET, actual: show(actual) });
  }
  return mismatches;
}

/** Text contains each string as a substring; a list contains each value as an item. */
function contains(actual: FieldValue | undefined, expected: string | number | boolean | (string | number | boolean)[]): boolean {
  const wanted = Array.isArray(expected) ? expected : [expected];
  if (typeof actual === 'string') return wanted.every((item) => actual.includes(String(item)));
  if (Array.isArray(actual)) return wanted.every((item) => actual.some((value) => isDeepStrictEqual(value, item)));
  return false;
}
