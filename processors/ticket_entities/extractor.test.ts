import { describe, expect, it } from 'vitest';
import { redactConfig } from '../redact/config.js';
import { Redact } from '../redact/redact.js';
import { ticketEntitiesConfig } from './config.js';
import { DateReaders } from './dates.js';
import { EntityExtractor } from './extractor.js';
import { BUILTIN_PATTERN_NAMES } from './kinds.js';
import { BUILTIN_PATTERNS, s10Valid } from './patterns.js';

const REFERENCE = new Date('2026-12-30T12:00:00Z');
const readers = await DateReaders.open();
await readers.load(['de', 'fr', 'es']);
const extractor = (config: Record<string, unknown> = {}, using = readers) => new EntityExtractor(ticketEntitiesConfig.parse(config), using);
const defaults = extractor();
/** The entities as a plain object, for comparing. */
const entities = (text: string, language?: string, using = defaults) => Object.fromEntries([...using.extract(text, REFERENCE, language)].map(([kind, values]) => [kind, [...values]]));
const kind = (text: string, name: string) => entities(text)[name] ?? [];

describe('built-in patterns', () => {
  it('are the ones the config schema names, each once', () => {
    expect(BUILTIN_PATTERNS.map((p) => p.name)).toEqual([...BUILTIN_PATTERN_NAMES]);
  });

  it.each([
    ['I cancelled ORD-447702 within an hour', ['ORD-447702']],
    ['about order #100234, please', ['100234']],
    ['my order 12345678 never came', ['12345678']],
    ['Order no. 55512 and order number: 771234', ['55512', '771234']],
    ['Meine Bestellnummer: 4587123 ist verschwunden', ['4587123']],
    ['ma commande n° 458712 est arrivée', ['458712']],
    ['ord-447702 and ORD-447702 again', ['ORD-447702']],
  ])('finds order ids in %j', (text, expected) => {
    expect(kind(text, 'order_id')).toEqual(expected);
  });

  it.each([
    ['I ordered 3 items in 2024'],
    ['order 3 items please'],
    ['ref #1700000000 logged'],
    ['call the order hotline on +1 415 555 0100'],
    ['iOS 17.2 and version 5.3.1, build 20240101'],
  ])('finds no order id in %j', (text) => {
    expect(kind(text, 'order_id')).toEqual([]);
  });

  it.each([
    ['it cost €12,50', ['12.50 EUR']],
    ['I paid 120 USD, the refund was 104.17 USD and then 120 USD again', ['120.00 USD', '104.17 USD']],
    ['the laptop is $1,299.00', ['1299.00 USD']],
    ['58.00 GBP was taken', ['58.00 GBP']],
    ['Kosten 1.299,00 € statt 1 099,00 €', ['1299.00 EUR', '1099.00 EUR']],
    ['EUR 45 and CHF 1\'299.50', ['45.00 EUR', '1299.50 CHF']],
    ['two 100 EUR gift cards, 2x 67.40 EUR', ['100.00 EUR', '67.40 EUR']],
    ['a ¥1200 fee and 5 euros, in the order written', ['1200 JPY', '5.00 EUR']],
  ])('normalises amounts in %j', (text, expected) => {
    expect(kind(text, 'amount')).toEqual(expected);
  });

  it.each([
    ['3 items at 19.99 each'],
    ['iOS 17.2 on an iPhone 13'],
    ['since 2024, 20% off'],
    ['call +44 20 7946 0958 or 1700000000123'],
    ['version 5.3.1 build 7'],
    ['converted it to EUR and back'],
  ])('finds no amount in %j', (text) => {
    expect(kind(text, 'amount')).toEqual([]);
  });

  it.each([
    ['app shows E1234 on start', ['E1234']],
    ['payment failed with ERR_PAYMENT_DECLINED', ['ERR_PAYMENT_DECLINED']],
    ['the site gives HTTP 502 and then 503 Service Unavailable', ['HTTP 502', 'HTTP 503']],
    ["'Error 403 Forbidden' every time", ['HTTP 403']],
    ['Windows update error 0x80070005', ['0x80070005']],
    ['error code: PAY-1042 and Fehlercode 0815', ['PAY-1042', '0815']],
    ['status CARD_EXPIRED', ['CARD_EXPIRED']],
  ])('finds error codes in %j', (text, expected) => {
    expect(kind(text, 'error_code')).toEqual(expected);
  });

  it.each([['three errors in 2 days on iOS 17.2'], ['error 12 times'], ['A_B and some_snake_case'], ['order status 12345, HTTP 200 and status 301']])('finds no error code in %j', (text) => {
    expect(kind(text, 'error_code')).toEqual([]);
  });

  it('confirms S10 numbers by their check digit', () => {
    expect(s10Valid('RR123456785GB')).toBe(true);
    expect(s10Valid('RR123456789GB')).toBe(false);
  });

  it.each([
    ['UPS says 1Z999AA10123456784', ['1Z999AA10123456784']],
    ['USPS 9400 1000 0000 0000 0000 00 stuck', ['9400100000000000000000']],
    ['Royal Mail RR123456785GB, not RR123456789GB', ['RR123456785GB']],
    ['DHL JJD000390007811234567 since Monday', ['JJD000390007811234567']],
    ['tracking number XY12345678Z', ['XY12345678Z']],
    ['Sendungsnummer: 003404341612345678', ['003404341612345678']],
  ])('finds tracking numbers in %j', (text, expected) => {
    expect(kind(text, 'tracking_number')).toEqual(expected);
  });

  it('finds no tracking number where the text only speaks of one', () => {
    expect(kind('the tracking number is not found on the courier website', 'tracking_number')).toEqual([]);
  });

  it('finds SKUs only after a word that says so, with a digit in them', () => {
    expect(kind('SKU 88213-BLK and item no. ab-1234 and product code X3-200', 'sku')).toEqual(['88213-BLK', 'AB-1234', 'X3-200']);
    expect(kind('the Orbis X3 and the Vela S9, item number unknown', 'sku')).toEqual([]);
  });

  it('keeps only the domain of an email address, lower-cased', () => {
    expect(kind('write to Jane.Doe@Example.co.uk or ops@shop.example', 'email_domain')).toEqual(['example.co.uk', 'shop.example']);
  });
});

describe('redacted values', () => {
  const redact = new Redact(redactConfig.parse({ default_region: 'US' }));
  const afterRedact = (text: string) => entities(redact.redactText(text));

  it('leave nothing of an email address, not even its domain', () => {
    const text = 'mail me at jane.doe@example.com about ORD-447702';
    expect(entities(text)['email_domain']).toEqual(['example.com']);
    expect(afterRedact(text)).toEqual({ order_id: ['ORD-447702'] });
  });

  it('are not read as ids, amounts or dates, nor as parts of them', () => {
    expect(redact.redactText('card 4111 1111 1111 1111, call (415) 555-0132')).toBe('card [REDACTED:card], call [REDACTED:phone]');
    expect(afterRedact('order #4111111111111111 and 4111 1111 1111 1111 USD on 4111-1111-1111-1111')).toEqual({});
    expect(entities('order [REDACTED:phone] of [REDACTED:card]1234 EUR on [REDACTED:card] 2026-03-04')).toEqual({});
  });

  it('drop entities that touch a mask, which without the mask rule would be found', () => {
    const text = 'paid ****12.50 EUR, card XXXX-XXXX-2026-03-04';
    expect(entities(text)).toEqual({});
    expect(entities(text, undefined, extractor({ masks: [] }))).toEqual({ amount: ['12.50 EUR'], date: ['2026-03-04'] });
  });

  it('cannot be reached by a custom pattern that spans them', () => {
    const custom = extractor({ patterns: [{ kind: 'note', pattern: 'note: (.+)' }] });
    expect(entities('note: [REDACTED:email] wrote', undefined, custom)).toEqual({});
    expect(entities('note: call me', undefined, custom)).toEqual({ note: ['call me'] });
  });
});

describe('dates', () => {
  it('reads explicit dates and the casual words for a day against the event time', () => {
    expect(kind('I reported it stolen on 2 October', 'date')).toEqual(['2026-10-02']);
    expect(kind('delivered yesterday at 14:02, and 2026-03-04 before', 'date')).toEqual(['2026-12-29', '2026-03-04']);
    expect(kind('three alerts tonight', 'date')).toEqual(['2026-12-30']);
    expect(kind('This morning I got an email', 'date')).toEqual(['2026-12-30']);
  });

  it('takes a date without a year as one that has mostly already happened', () => {
    // chrono-node alone would pick 2027-03-03, the nearest 3 March to 30 December 2026.
    expect(kind('ordered on 3 March', 'date')).toEqual(['2026-03-03']);
    expect(kind('delivery promised by 15 January', 'date')).toEqual(['2027-01-15']);
  });

  it('leaves out weekdays, ordinals without a month, months and spans back', () => {
    expect(kind('since Monday; on the 3rd; in August; ten days ago; last week; Wednesday, now next week', 'date')).toEqual([]);
  });

  it('reads the ticket’s language where chrono-node has a parser for it', () => {
    const german = 'Ich habe am 3. März bestellt und gestern kam eine Mahnung.';
    expect(entities(german, 'de')['date']).toEqual(['2026-03-03', '2026-12-29']);
    expect(entities('J’ai commandé le 2 octobre, rien reçu depuis hier.', 'fr')['date']).toEqual(['2026-10-02', '2026-12-29']);
    expect(entities('Pedí el 2 de octubre y ayer nada.', 'es')['date']).toEqual(['2026-10-02', '2026-12-29']);
    expect(entities(german)['date']).toBeUndefined();
  });

  it('reads in English where the language\'s parser is not loaded (TicketEntities loads it first)', async () => {
    const italian = 'Ho ordinato il 2 ottobre.';
    const fresh = await DateReaders.open();
    expect(entities(italian, 'it', extractor({}, fresh))['date']).toBeUndefined();
    expect(fresh.missing(['it', 'en', 'xx', undefined])).toEqual(['it']);
    await fresh.load(['it']);
    expect(entities(italian, 'it', extractor({}, fresh))['date']).toEqual(['2026-10-02']);
  });

  it('does not read another entity as a date', () => {
    expect(entities('item no. 2024-11-05 was delivered on 2024-11-06')).toEqual({ sku: ['2024-11-05'], date: ['2024-11-06'] });
  });
});

describe('custom patterns', () => {
  it('add kinds, take the value group, and normalise', () => {
    const custom = extractor({
      patterns: [
        { kind: 'ticket_ref', pattern: String.raw`\bref[: ]+(?<value>[a-z]{2}\d{4})\b`, ignore_case: true, normalise: 'upper' },
        { kind: 'order_id', pattern: String.raw`\bA/(\d{3}-\d{3})\b`, normalise: 'digits' },
        { kind: 'amount', pattern: String.raw`\btotal=(\S+ \S+)`, normalise: 'amount' },
      ],
    });
    expect(entities('Ref: ab1234, order A/123-456, total=1.234,50 EUR', undefined, custom)).toEqual({
      ticket_ref: ['AB1234'],
      order_id: ['123456'],
      amount: ['1234.50 EUR'],
    });
  });

  it('replace a built-in pattern of the same name, and built-ins are switched off by name', () => {
    const replaced = extractor({ patterns: [{ name: 'order_code', kind: 'order_id', pattern: String.raw`\bSO-\d+\b` }] });
    expect(entities('ORD-447702 and SO-991', undefined, replaced)).toEqual({ order_id: ['SO-991'] });
    const off = extractor({ disable: ['date_chrono', 'error_e_number'] });
    expect(entities('E1234 on 2 October', undefined, off)).toEqual({});
  });

  it('survive a pattern that matches the empty string', () => {
    const empty = extractor({ patterns: [{ kind: 'nothing', pattern: 'x*' }] });
    expect(entities('abc xx', undefined, empty)).toEqual({ nothing: ['xx'] });
  });
});
