import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../agent/event.js';
import { redactConfig } from './config.js';
import { cardNetwork, cardValid, luhnValid } from './cards.js';
import { ibanValid } from './detectors.js';
import { Redact } from './redact.js';

const redact = (text: string, config: Record<string, unknown> = {}) => new Redact(redactConfig.parse(config)).redactText(text);

describe('redact detectors', () => {
  it('checks card numbers and IBANs by their check digits', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
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
    ['email at a top-level domain that is also an extension', 'from ops@deploy.sh and dev@docs.md', 'from [REDACTED:email] and [REDACTED:email]'],
    ['international phone', 'call me at +49 30 1234 5678', 'call me at [REDACTED:phone]'],
  ])('replaces a %s', (_name, input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('reads phone numbers without + in default_region, and only there', () => {
    expect(redact('phone (030) 123-45678 after 5', { default_region: 'DE' })).toBe('phone [REDACTED:phone] after 5');
    expect(redact('mobil 0151 23456789', { default_region: 'DE' })).toBe('mobil [REDACTED:phone]');
    expect(redact('phone (030) 123-45678 after 5')).toBe('phone (030) 123-45678 after 5');
    expect(redact('phone (030) 123-45678 after 5', { default_region: 'US' })).toBe('phone (030) 123-45678 after 5');
    expect(redact('call (212) 555-0147', { default_region: 'US' })).toBe('call [REDACTED:phone]');
  });

  it('takes neither an epoch timestamp nor an IP address for a card or a phone number', () => {
    const line = '{"ts":1796448245615,"client":"10.1.2.3","created":1796448245}';
    expect(redact(line, { default_region: 'DE' })).toBe(line);
    expect(redact(line, { default_region: 'US' })).toBe(line);
  });

  it('recognises card networks by prefix and length before the Luhn check', () => {
    expect(cardNetwork('4111111111111111')).toBe('visa');
    expect(cardNetwork('2223003122003222')).toBe('mastercard');
    expect(cardNetwork('378282246310005')).toBe('amex');
    expect(cardNetwork('6445644564456445')).toBe('discover');
    expect(cardNetwork('30569309025904')).toBe('diners');
    expect(cardNetwork('3530111333300000')).toBe('jcb');
    expect(cardNetwork('6212345678901232')).toBe('unionpay');
    // Luhn-valid, but no network issues them: a 13-digit epoch-millisecond timestamp, a 16-digit id starting with 9.
    expect(luhnValid('1796448245615')).toBe(true);
    expect(cardValid('1796448245615')).toBe(false);
    expect(cardValid('9000000000000001')).toBe(false);
    // Right prefix, wrong length: Amex is 15 digits.
    expect(cardValid('3400000000000000')).toBe(false);
  });

  it('redacts IP addresses only when the ip detector is listed', () => {
    const line = 'client 10.1.2.3 and 2001:db8::1 at 09:03:31';
    expect(redact(line)).toBe(line);
    expect(redact(line, { detectors: ['ip'] })).toBe('client [REDACTED:ip] and [REDACTED:ip] at 09:03:31');
    expect(redact('mac 00:1a:2b:3c:4d:5e v1.2.3.4.5 999.1.1.1', { detectors: ['ip'] })).toBe('mac 00:1a:2b:3c:4d:5e v1.2.3.4.5 999.1.1.1');
  });

  it.each([
    ['a number failing Luhn', 'order 4111111111111112 shipped'],
    ['an order id', 'order ORD-632084 for 97.66 EUR'],
    ['a timestamp', '2026-11-02 09:03:31,453 ERROR'],
    ['a long transaction id', 'tx_9f3a00c1d2e4 and trace 00000000deadbeef'],
    ['an amount', 'charged 1234.56 EUR twice'],
    ['a high-density image in a request line', 'GET /images/p/1042/main@2x.webp HTTP/1.1'],
    ['a stylesheet named with @', '/assets/theme@3x.css and /icons@latest.svg'],
  ])('leaves %s alone', (_name, input) => {
    expect(redact(input)).toBe(input);
  });

  it('applies custom patterns and a custom replacement', () => {
    expect(redact('badge EMP-123456 used', { patterns: [{ name: 'employee_id', regex: 'EMP-\\d{6}' }], replacement: '<{type}>' })).toBe('badge <employee_id> used');
  });

  it('applies custom patterns before the built-in detectors, so they win on the same text', () => {
    const patterns = [
      { name: 'ssn', regex: '\\b\\d{3}-\\d{2}-\\d{4}\\b' },
      { name: 'test_card', regex: '4111(?: 1111){3}' },
    ];
    // Without the patterns the built-ins take both: 078-05-1120 is also a valid German number (07805 1120).
    expect(redact('ssn 078-05-1120 card 4111 1111 1111 1111', { default_region: 'DE' })).toBe('ssn [REDACTED:phone] card [REDACTED:card]');
    expect(redact('ssn 078-05-1120 card 4111 1111 1111 1111', { default_region: 'DE', patterns })).toBe('ssn [REDACTED:ssn] card [REDACTED:test_card]');
  });

  it('checks default_region against the countries with a numbering plan', () => {
    expect(redactConfig.safeParse({ default_region: 'DE' }).success).toBe(true);
    expect(redactConfig.safeParse({ default_region: 'de' }).success).toBe(false);
    expect(redactConfig.safeParse({ default_region: 'XX' }).success).toBe(false);
    expect(redactConfig.parse({}).detectors).toEqual(['card', 'iban', 'email', 'phone']);
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

describe('redact on text built to make its detectors backtrack', () => {
  // A run of address characters without an @ cost each of its characters a scan to the end; a return shows
  // as this test running into its timeout (no time is asserted).
  it('redacts an address after a long run of address characters, and a local part over 64 characters in part', () => {
    expect(redact(`${'-'.repeat(100000)} anna@shop.example`)).not.toContain('anna@shop.example');
    expect(redact(`${'a'.repeat(70)}@shop.example`)).not.toContain('@shop.example');
  });
});
