import { describe, expect, it } from 'vitest';
import { buildPipelineTestFileSchema } from '../../../config/pipeline-test-schema.js';
import { builtinRegistry } from '../../builtins.js';
import { lineEvent } from '../../inputs/file/line-event.js';
import { testEvents } from './test-events.js';

const schema = buildPipelineTestFileSchema(builtinRegistry());
const stamp = { hostName: 'web-1', serviceName: 'shop' };
const TS = '2026-01-01T00:00:00.000Z';

function firstTest(test: Record<string, unknown>) {
  return schema.parse({ processors: [], tests: [test] }).tests[0] as never;
}

describe('testEvents', () => {
  it('makes lines into the events the file input makes, with byte offsets', () => {
    const events = testEvents(firstTest({ name: 't', lines: ['héllo', 'world'] }), '/t/a.test.yaml', stamp, TS);
    expect(events).toEqual([lineEvent('héllo', '/t/a.test.yaml', 0, TS, stamp), lineEvent('world', '/t/a.test.yaml', 7, TS, stamp)]);
    expect(events[1]).toMatchObject({ message: 'world', log: { file: { path: '/t/a.test.yaml' }, offset: 7 }, host: { name: 'web-1' }, service: { name: 'shop' } });
  });

  it('takes input objects as they are, dotted keys as field paths, with a timestamp when none is given', () => {
    const events = testEvents(firstTest({ name: 't', input: [{ message: 'm', 'user.id': 'u-1', user: { name: 'ana' } }, { '@timestamp': '2020-01-01T00:00:00Z' }] }), '/f', stamp, TS);
    expect(events).toEqual([
      { '@timestamp': TS, message: 'm', user: { id: 'u-1', name: 'ana' } },
      { '@timestamp': '2020-01-01T00:00:00Z' },
    ]);
  });
});

describe('the test file schema', () => {
  it('wants exactly one of config and processors, and of input and lines', () => {
    expect(schema.safeParse({ tests: [{ name: 't', lines: ['a'] }] }).success).toBe(false);
    expect(schema.safeParse({ config: 'a.yaml', processors: [], tests: [{ name: 't', lines: ['a'] }] }).success).toBe(false);
    expect(schema.safeParse({ processors: [], tests: [{ name: 't', lines: ['a'], input: [{}] }] }).success).toBe(false);
    expect(schema.safeParse({ processors: [], tests: [{ name: 't', lines: ['a'] }] }).success).toBe(true);
  });

  it('refuses more expectations than events, and checks beside dropped', () => {
    expect(schema.safeParse({ processors: [], tests: [{ name: 't', lines: ['a'], expect: [{}, {}] }] }).success).toBe(false);
    expect(schema.safeParse({ processors: [], tests: [{ name: 't', lines: ['a'], expect: [{ dropped: true, absent: ['x'] }] }] }).success).toBe(false);
  });
});
