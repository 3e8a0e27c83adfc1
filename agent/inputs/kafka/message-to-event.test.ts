import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { MemoryDeadLetters } from '../../../test/helpers/dead-letters.js';
import { deadLetterOversized, MessageToEvent } from './message-to-event.js';

const INGESTED = '2024-05-01T10:00:00.000Z';

function message(offset: string, value: string | null, extra: Partial<Omit<KafkaMessage, 'headers' | 'size'>> & { headers?: KafkaMessage['headers'] } = {}): KafkaMessage {
  return {
    key: null,
    value: value === null ? null : Buffer.from(value),
    timestamp: '1714557600123',
    attributes: 0,
    offset,
    headers: {},
    ...extra,
  } as KafkaMessage;
}

describe('MessageToEvent', () => {
  it('maps value, topic, partition, offset, key, headers and timestamp, with an id unique per message', () => {
    const mapper = new MessageToEvent(1024, { hostName: 'host-1', serviceName: 'checkout' });
    const { events, oversized } = mapper.batch(
      'orders',
      3,
      [message('41', 'first', { key: Buffer.from('k1'), headers: { trace: Buffer.from('abc'), kind: 'text', multi: [Buffer.from('a'), 'b'], gone: undefined } })],
      INGESTED,
    );
    expect(oversized).toEqual([]);
    expect(events).toEqual([
      {
        '@timestamp': '2024-05-01T10:00:00.123Z',
        message: 'first',
        kafka: { topic: 'orders', partition: 3, offset: 41, key: 'k1' },
        event: { ingested: INGESTED, id: 'orders-3-41' },
        host: { name: 'host-1' },
        service: { name: 'checkout' },
        labels: { trace: 'abc', kind: 'text', multi: 'a,b' },
      },
    ]);
  });

  it('leaves out labels when a message has no headers', () => {
    const mapper = new MessageToEvent(1024, { hostName: 'h', serviceName: undefined });
    const { events } = mapper.batch('t', 0, [message('1', 'x'), message('2', 'y', { headers: { gone: undefined } })], INGESTED);
    expect(events.map((e) => 'labels' in e)).toEqual([false, false]);
  });

  it('leaves out a missing key and service, reads a missing value as empty, and falls back to the fetch time without a timestamp', () => {
    const mapper = new MessageToEvent(1024, { hostName: 'h', serviceName: undefined });
    const { events } = mapper.batch('t', 0, [message('7', null, { timestamp: '-1' }), message('8', 'x', { timestamp: '0' }), message('9', 'y')], INGESTED);
    expect(events.map((e) => [e['@timestamp'], e.message, e.kafka, e.service])).toEqual([
      [INGESTED, '', { topic: 't', partition: 0, offset: 7 }, undefined],
      [INGESTED, 'x', { topic: 't', partition: 0, offset: 8 }, undefined],
      ['2024-05-01T10:00:00.123Z', 'y', { topic: 't', partition: 0, offset: 9 }, undefined],
    ]);
  });

  it('truncates a value over max_message_bytes, flags it and reports the message as oversized', () => {
    const mapper = new MessageToEvent(4, { hostName: 'h', serviceName: undefined });
    const long = message('1', 'abcdefgh');
    const { events, oversized } = mapper.batch('t', 0, [message('0', 'abcd'), long], INGESTED);
    expect(events.map((e) => [e.message, e.log])).toEqual([
      ['abcd', undefined],
      ['abcd', { flags: ['truncated'] }],
    ]);
    expect(oversized).toEqual([long]);
  });
});

describe('deadLetterOversized', () => {
  it('writes the whole value of each oversized message to the dead letters, naming where it came from', async () => {
    const deadLetters = new MemoryDeadLetters();
    await deadLetterOversized(deadLetters, 'orders', 2, [message('10', 'abcdefgh'), message('12', 'ijklmnopq')], INGESTED, 4);
    expect(deadLetters.events).toEqual([
      { event: { '@timestamp': INGESTED, message: 'abcdefgh' }, reason: 'orders/2@10: value of 8 bytes is over max_message_bytes (4); shipped truncated' },
      { event: { '@timestamp': INGESTED, message: 'ijklmnopq' }, reason: 'orders/2@12: value of 9 bytes is over max_message_bytes (4); shipped truncated' },
    ]);
    expect(deadLetters.counted).toBe(2);
  });
});
