import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../agent/event.js';
import { redactConfig } from './config.js';
import { ibanValid, luhnValid } from './detectors.js';
import { Redact } from './redact.js';

const redact = (text: string, config: Record<string, unknown> = {}) => new Redact(redactConfig.parse(config)).redactText(text);

describe('redact detectors', () => {
  it('checks card numbers and IBANs by their check digits', () => {
    expect(luhnValid('4111 1111 1111 1111')).toBe(true);
    expect(luhnValid('4111 1111 1111 1112')).toBe(false);
    expect(ibanValid('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(ibanValid('DE89 3704 0044 0532 0130 01')).toBe(false);
  });

  it.each([
    ['card with spaces', 'paid with 4111 1111 1111 1111 yesterday', 'paid with [REDACTED:card] yesterday'],
    ['card with dashes', 'card 5500-0000-0000-0004 declined', 'card [REDACTED:card] declined'],
    ['card without separators', 'pan=378282246310005;', 'pan=[REDACTED:card];'],
    ['IBAN', 'refund to DE89 3704 0044 0532 0130 00 please', 'refund to [REDACTED:iban] please'],
    ['compact IBAN', 'iban GB82WEST12345698765432', 'iban [REDACTED:iban]'],
    ['email', 'write to jane.doe+shop@example.co.uk now', 'write to [REDACTED:email] now'],
    ['international phone', 'call me at +49 30 1234 5678', 'call me at [REDACTED:phone]'],
    ['national phone', 'phone (030) 123-45678 after 5', 'phone [REDACTED:phone] after 5'],
  ])('replaces a %s', (_name, input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each([
    ['a number failing Luhn', 'order 4111111111111112 shipped'],
    ['an order id', 'order ORD-632084 for 97.66 EUR'],
    ['a timestamp', '2026-11-02 09:03:31,453 ERROR'],
    ['a long transaction id', 'tx_9f3a00c1d2e4 and trace 00000000deadbeef'],
    ['an amount', 'charged 1234.56 EUR twice'],
  ])('leaves %s alone', (_name, input) => {
    expect(redact(input)).toBe(input);
  });

  it('applies custom patterns and a custom replacement', () => {
    expect(redact('badge EMP-123456 used', { patterns: [{ name: 'employee_id', regex: 'EMP-\\d{6}' }], replacement: '<{type}>' })).toBe('badge <employee_id> used');
  });
});

describe('redact processor', () => {
  it('scans every string field (nested, arrays) by default and tags the event', () => {
    const event: LogEvent = {
      '@timestamp': 't',
      message: 'card 4111 1111 1111 1111',
      customer: { email: 'a@b.io', notes: ['call +44 20 7946 0958'] },
      tags: ['keep 4111 1111 1111 1111 out of this'],
    };
    const [out] = new Redact(redactConfig.parse({})).process([event]);
    expect(out).toMatchObject({
      message: 'card [REDACTED:card]',
      customer: { email: '[REDACTED:email]', notes: ['call [REDACTED:phone]'] },
    });
    expect(out?.tags).toEqual(['keep 4111 1111 1111 1111 out of this', 'redacted']);
  });

  it('limits itself to the configured fields and leaves clean events untagged', () => {
    const events: LogEvent[] = [
      { '@timestamp': 't', message: 'mail x@y.org', ticket: { body: 'mail x@y.org' } },
      { '@timestamp': 't', message: 'nothing here' },
    ];
    const [first, second] = new Redact(redactConfig.parse({ fields: ['ticket.body'] })).process(events);
    expect(first).toMatchObject({ message: 'mail x@y.org', ticket: { body: 'mail [REDACTED:email]' }, tags: ['redacted'] });
    expect(second?.tags).toBeUndefined();
  });
});
