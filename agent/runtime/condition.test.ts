import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../event.js';
import { conditionSchema } from '../../config/condition.js';
import { compileCondition } from './condition.js';

const event: LogEvent = { '@timestamp': 't', message: 'payment declined', log: { file: { path: '/var/log/payments.log' } }, amount: 12, tags: ['x'] };

describe('when conditions', () => {
  it('evaluates equals, contains, regexp, has_fields and their combinations', () => {
    const cases: [unknown, boolean][] = [
      [{ equals: { amount: 12 } }, true],
      [{ equals: { amount: '12' } }, false],
      [{ contains: { message: 'declined' } }, true],
      [{ contains: { tags: 'x' } }, true],
      [{ regexp: { 'log.file.path': 'payments\\.log$' } }, true],
      [{ has_fields: ['log.file.path', 'missing'] }, false],
      [{ and: [{ equals: { amount: 12 } }, { contains: { message: 'payment' } }] }, true],
      [{ or: [{ equals: { amount: 1 } }, { has_fields: ['amount'] }] }, true],
      [{ not: { contains: { message: 'declined' } } }, false],
      [{ equals: { amount: 12 }, contains: { message: 'nope' } }, false],
    ];
    for (const [raw, expected] of cases) {
      expect(compileCondition(conditionSchema.parse(raw))(event), JSON.stringify(raw)).toBe(expected);
    }
  });

  it('rejects empty conditions and unknown operators', () => {
    expect(conditionSchema.safeParse({}).success).toBe(false);
    expect(conditionSchema.safeParse({ equal: { a: 1 } }).success).toBe(false);
  });
});
