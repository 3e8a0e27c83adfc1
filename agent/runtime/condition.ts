/**
 * `when:` conditions that select which events a processor sees, in the style Beats users know:
 * `equals`, `contains`, `regexp`, `has_fields`, combined with `and`, `or`, `not`. Several keys in one
 * condition must all hold. Conditions are compiled once into a predicate; regexps are compiled at startup.
 */
import { z } from 'zod';
import { regexSchema } from '../../config/regex.js';
import { getField, type LogEvent } from '../event.js';

export interface Condition {
  equals?: Record<string, string | number | boolean> | undefined;
  contains?: Record<string, string> | undefined;
  regexp?: Record<string, string> | undefined;
  has_fields?: string[] | undefined;
  and?: Condition[] | undefined;
  or?: Condition[] | undefined;
  not?: Condition | undefined;
}

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z
    .strictObject({
      equals: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
      contains: z.record(z.string(), z.string()).optional(),
      regexp: z.record(z.string(), regexSchema).optional(),
      has_fields: z.array(z.string()).optional(),
      and: z.array(conditionSchema).optional(),
      or: z.array(conditionSchema).optional(),
      not: conditionSchema.optional(),
    })
    .refine((c) => Object.keys(c).length > 0, 'a condition needs one of equals, contains, regexp, has_fields, and, or, not'),
);

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
