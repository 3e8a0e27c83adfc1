/**
 * `when:` conditions (schema in config/condition.ts) compiled once into a predicate; several keys in one
 * condition must all hold; regexps are compiled at startup.
 */
import type { Condition } from '../../config/condition.js';
import { getField, type LogEvent } from '../event.js';

export type { Condition };

export type EventPredicate = (event: LogEvent) => boolean;

export function compileCondition(condition: Condition): EventPredicate {
  const checks: EventPredicate[] = [];
  for (const [field, expected] of Object.entries(condition.equals ?? {})) {
    checks.push((e) => getField(e, field) === expected);
  }
  for (const [field, needle] of Object.entries(condition.contains ?? {})) {
    checks.push((e) => {
      const value = getField(e, field);
      if (typeof value === 'string') return value.includes(needle);
      return Array.isArray(value) && value.includes(needle);
    });
  }
  for (const [field, pattern] of Object.entries(condition.regexp ?? {})) {
    const regex = new RegExp(pattern);
    checks.push((e) => {
      const value = getField(e, field);
      return typeof value === 'string' && regex.test(value);
    });
  }
  for (const field of condition.has_fields ?? []) {
    checks.push((e) => getField(e, field) !== undefined);
  }
  if (condition.and) {
    const parts = condition.and.map(compileCondition);
    checks.push((e) => parts.every((p) => p(e)));
  }
  if (condition.or) {
    const parts = condition.or.map(compileCondition);
    checks.push((e) => parts.some((p) => p(e)));
  }
  if (condition.not) {
    const inner = compileCondition(condition.not);
    checks.push((e) => !inner(e));
  }
  if (checks.length === 1) return checks[0] as EventPredicate;
  return (e) => checks.every((check) => check(e));
}
