/**
 * The schema of `when:` conditions that select which events a processor sees, in the style Beats users know:
 * `equals`, `contains`, `regexp`, `has_fields`, combined with `and`, `or`, `not`. The runtime compiles them
 * (agent/runtime/condition.ts).
 */
import { z } from 'zod';
import { regexSchema } from './regex.js';
import type { ConfigPattern } from './regex-risk.js';

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

/** The `regexp` patterns of a condition and its nested ones, with their paths from `at`; the runtime compiles them without flags. */
export function conditionPatterns(condition: Condition, at: readonly (string | number)[]): ConfigPattern[] {
  return [
    ...Object.entries(condition.regexp ?? {}).map(([field, pattern]) => ({ path: [...at, 'regexp', field], pattern })),
    ...(condition.and ?? []).flatMap((c, i) => conditionPatterns(c, [...at, 'and', i])),
    ...(condition.or ?? []).flatMap((c, i) => conditionPatterns(c, [...at, 'or', i])),
    ...(condition.not === undefined ? [] : conditionPatterns(condition.not, [...at, 'not'])),
  ];
}
