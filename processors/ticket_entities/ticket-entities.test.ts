import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../agent/builtins.js';
import type { LogEvent } from '../../agent/event.js';
import { ConfigError, formatProblem } from '../../config/errors.js';
import { parseConfigText } from '../../config/loader.js';
import { ticketEntitiesConfig } from './config.js';
import { TicketEntities } from './ticket-entities.js';

const ticket = (subject: string, message: string, extra: Record<string, unknown> = {}): LogEvent => ({
  '@timestamp': '2026-11-20T09:00:00.000Z',
  message,
  ticket: { id: 'T-1', subject, ...extra },
});

describe('ticket_entities', () => {
  it('reads subject and message as one text and writes only the kinds it found', async () => {
    const events = [ticket('Refund for ORD-447702', 'I paid 58.00 GBP yesterday, got 40 GBP back. Order ORD-447702.'), ticket('Thanks', 'All good now, thank you!')];
    await (await TicketEntities.create(ticketEntitiesConfig.parse({}))).process(events);
    expect(events[0]?.['ticket']).toEqual({
      id: 'T-1',
      subject: 'Refund for ORD-447702',
      entities: { order_id: ['ORD-447702'], amount: ['58.00 GBP', '40.00 GBP'], date: ['2026-11-19'] },
    });
    expect(events[1]?.['ticket']).toEqual({ id: 'T-1', subject: 'Thanks' });
  });

  it('writes to its target, reads one field, and takes the language from language_field', async () => {
    const event: LogEvent = { '@timestamp': '2026-11-20T09:00:00.000Z', message: 'Bestellt am 2. Oktober, Betrag 49,90 €', lang: 'de' };
    await (await TicketEntities.create(ticketEntitiesConfig.parse({ field: 'message', target: 'facts', language_field: 'lang' }))).process([event]);
    expect(event['facts']).toEqual({ amount: ['49.90 EUR'], date: ['2026-10-02'] });
  });

  it('loads a language\'s date parser with the first batch that needs it, and is synchronous after that', async () => {
    const entities = await TicketEntities.create(ticketEntitiesConfig.parse({}));
    const english = entities.process([ticket('', 'Ordered on 2 October.')]);
    expect(Array.isArray(english)).toBe(true);
    const german = (lang: string) => ticket('', 'Bestellt am 2. Oktober.', { language: lang });
    const first = entities.process([german('de')]);
    expect(first).toBeInstanceOf(Promise);
    expect(((await first)[0]?.['ticket'] as { entities?: unknown }).entities).toEqual({ date: ['2026-10-02'] });
    const again = entities.process([german('de')]);
    expect(Array.isArray(again)).toBe(true);
    expect(((again as LogEvent[])[0]?.['ticket'] as { entities?: unknown }).entities).toEqual({ date: ['2026-10-02'] });
  });

  it('reads dates against the event time', async () => {
    const event = ticket('', 'It arrived broken yesterday.');
    event['@timestamp'] = '2026-03-01T10:00:00.000Z';
    await (await TicketEntities.create(ticketEntitiesConfig.parse({}))).process([event]);
    expect(event['ticket']).toMatchObject({ entities: { date: ['2026-02-28'] } });
  });
});

describe('ticket_entities config', () => {
  const registry = builtinRegistry();
  function problems(processor: string): string[] {
    const yaml = `inputs:\n  - type: file\n    include: ["/x/*.log"]\nprocessors:\n${processor}outputs:\n  - type: stdout\n`;
    try {
      parseConfigText(yaml, 'test.yaml', registry, {});
    } catch (error) {
      if (error instanceof ConfigError) return error.problems.map(formatProblem);
      throw error;
    }
    return [];
  }

  it('names the place of a pattern that does not compile', () => {
    expect(problems('  - type: ticket_entities\n    patterns:\n      - { kind: order_id, pattern: "ORD-(" }\n')).toEqual([
      'processors[0].patterns[0].pattern: invalid regular expression, got "ORD-(" (line 7, col 36)',
    ]);
  });

  it('rejects unknown built-in names, kinds that are not field names and unknown normalisers', () => {
    const found = problems('  - type: ticket_entities\n    disable: [order_ids]\n    patterns:\n      - { kind: Order Id, pattern: "x", normalise: title }\n');
    expect(found).toHaveLength(3);
    expect(found[0]).toMatch(/^processors\[0\]\.disable\[0\]: .*order_code.*got "order_ids"/);
    expect(found[1]).toMatch(/^processors\[0\]\.patterns\[0\]\.kind: lower-case letters, digits and _/);
    expect(found[2]).toMatch(/^processors\[0\]\.patterns\[0\]\.normalise: /);
  });

  it('accepts the defaults', () => {
    expect(problems('  - type: ticket_entities\n')).toEqual([]);
  });
});

describe('ticket_entities on text built to make its patterns backtrack', () => {
  // Before their rewrite, a status word before a run of whitespace and a long run of address characters cost
  // the patterns a scan per character; a return shows as this test running into its timeout.
  it('finds the facts after a status word with a long run of spaces and a run of address characters', async () => {
    const events = [ticket('', `HTTP${' '.repeat(100000)}T ${'-'.repeat(100000)} error 503, write to anna@shop.example`)];
    await (await TicketEntities.create(ticketEntitiesConfig.parse({}))).process(events);
    expect(JSON.stringify(events[0]?.['ticket'])).toContain('503');
  });

  it('reads labels before long runs of spaces and long runs of digit groups', async () => {
    const run = ' '.repeat(100000);
    const events = [ticket('', `Order${run}x. Error${run}x. DHL${run}x. ${'0 00'.repeat(25000)} EUR. Order 123456, 12,50 EUR.`)];
    await (await TicketEntities.create(ticketEntitiesConfig.parse({}))).process(events);
    expect(JSON.stringify(events[0]?.['ticket'])).toContain('123456');
  });
});
