import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../event.js';
import { checkEvent } from './expectations.js';

const event = (): LogEvent => ({ '@timestamp': '2026-01-01T00:00:00.000Z', message: 'card [REDACTED:card] declined', tags: ['redacted'], user: { id: 'u-1', roles: ['a', 'b'] }, count: 3 });

describe('checkEvent', () => {
  it('passes when every check holds', () => {
    expect(
      checkEvent(0, event(), {
        equals: { 'user.id': 'u-1', user: { id: 'u-1', roles: ['a', 'b'] }, count: 3 },
        contains: { message: 'REDACTED:card', tags: 'redacted', 'user.roles': ['b', 'a'] },
        matches: { message: '^card .* declined$' },
        absent: ['error.message', 'user.email'],
      }),
    ).toEqual([]);
  });

  it('names each differing field with expected and actual', () => {
    expect(checkEvent(2, event(), { equals: { 'user.id': 'u-2', missing: null, count: '3' } })).toEqual([
      { path: 'event[2].user.id', check: 'equals', expected: '"u-2"', actual: '"u-1"' },
      { path: 'event[2].missing', check: 'equals', expected: 'null', actual: '(not set)' },
      { path: 'event[2].count', check: 'equals', expected: '"3"', actual: '3' },
    ]);
  });

  it('contains needs text or a list that holds every item', () => {
    const mismatches = checkEvent(0, event(), { contains: { tags: ['redacted', 'other'], count: 3, message: 'approved' } });
    expect(mismatches.map((m) => [m.path, m.actual])).toEqual([
      ['event[0].tags', '["redacted"]'],
      ['event[0].count', '3'],
      ['event[0].message', '"card [REDACTED:card] declined"'],
    ]);
  });

  it('matches needs text; absent needs the field unset', () => {
    expect(checkEvent(0, event(), { matches: { count: '3', message: 'approved' }, absent: ['tags'] }).map((m) => m.check)).toEqual(['matches', 'matches', 'absent']);
  });

  it('tells a dropped event from one that came out, either way round', () => {
    expect(checkEvent(1, undefined, { dropped: true })).toEqual([]);
    expect(checkEvent(1, undefined, { equals: { a: 1 } })).toEqual([{ path: 'event[1]', check: 'dropped', expected: 'the event to come out', actual: 'dropped' }]);
    expect(checkEvent(1, event(), { dropped: true })).toEqual([{ path: 'event[1]', check: 'dropped', expected: 'dropped', actual: 'the event came out' }]);
    expect(checkEvent(1, event(), { dropped: false })).toEqual([]);
  });
});
