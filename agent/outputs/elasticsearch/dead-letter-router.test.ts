import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryDeadLetters } from '../../../test/helpers/dead-letters.js';
import { FakeSearchEngine } from '../../../test/helpers/fake-search-engine.js';
import type { LogEvent } from '../../event.js';
import { DeadLetterRouter } from './dead-letter-router.js';
import { createSearchClient } from './search-client.js';

const engines: FakeSearchEngine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

const event = (message: string): LogEvent => ({ '@timestamp': '2026-03-04T05:06:07.000Z', message });
const rejected = (message: string, reason: string) => ({ item: { event: event(message) }, reason });

async function setup(index: string | undefined, engine = new FakeSearchEngine()) {
  engines.push(engine);
  const client = createSearchClient({ engine: 'elasticsearch', node: await engine.start() });
  const deadLetters = new MemoryDeadLetters();
  const logs: { msg: string; to?: string; events?: number; reasons?: string[] }[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => logs.push(JSON.parse(line) as (typeof logs)[number]) });
  const router = new DeadLetterRouter(client, index, { deadLetters, location: 'outputs[0]', logger });
  return { router, engine, deadLetters, logs, client };
}

describe('dead-letter router', () => {
  it('writes rejected events to the dead-letter file, one batch per reason, naming the output', async () => {
    const { router, engine, deadLetters, logs, client } = await setup(undefined);
    await router.route([rejected('a', '400 mapper_parsing_exception: x'), rejected('b', '400 illegal_argument_exception: y'), rejected('c', '400 mapper_parsing_exception: x')]);
    expect(deadLetters.events.map(({ event: e, reason }) => [e.message, reason])).toEqual([
      ['a', 'outputs[0] (elasticsearch): 400 mapper_parsing_exception: x'],
      ['c', 'outputs[0] (elasticsearch): 400 mapper_parsing_exception: x'],
      ['b', 'outputs[0] (elasticsearch): 400 illegal_argument_exception: y'],
    ]);
    expect(deadLetters.counted).toBe(3);
    expect(engine.calls).toHaveLength(0);
    expect(logs.find((l) => l.msg === 'documents rejected by the search engine; dead-lettered')).toMatchObject({ events: 3, to: 'memory' });
    await client.close();
  });

  it('stores them in the dead-letter index, the original event as a string with the reason, and counts them', async () => {
    const { router, engine, deadLetters, logs, client } = await setup('dead-letters');
    await router.route([rejected('a', '400 mapper_parsing_exception: x')]);
    expect(engine.calls).toHaveLength(1);
    expect(engine.calls[0]?.actions).toEqual([{ create: { _index: 'dead-letters' } }]);
    const doc = engine.calls[0]?.docs[0] as Record<string, unknown>;
    expect(doc['error.message']).toBe('400 mapper_parsing_exception: x');
    expect(JSON.parse(doc['event.original'] as string)).toEqual(event('a'));
    expect(typeof doc['@timestamp']).toBe('string');
    expect(deadLetters.events).toEqual([]);
    expect(deadLetters.counted).toBe(1);
    expect(logs.find((l) => l.msg === 'documents rejected by the search engine; dead-lettered')).toMatchObject({ to: 'dead-letters' });
    await client.close();
  });

  it('falls back to the file when the index refuses them or cannot be reached', async () => {
    const refusing = await setup('dead-letters', new FakeSearchEngine((call) => call.docs.map(() => 400)));
    await refusing.router.route([rejected('a', 'r')]);
    expect(refusing.deadLetters.events.map(({ event: e }) => e.message)).toEqual(['a']);
    expect(refusing.deadLetters.counted).toBe(1);
    await refusing.client.close();

    const failing = await setup('dead-letters', new FakeSearchEngine(() => 400));
    await failing.router.route([rejected('b', 'r')]);
    expect(failing.deadLetters.events.map(({ event: e }) => e.message)).toEqual(['b']);
    expect(failing.logs.some((l) => l.msg === 'dead-letter index unavailable; writing dead letters to file')).toBe(true);
    await failing.client.close();
  });
});
