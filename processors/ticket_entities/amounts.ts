/**
 * Money amounts: a number next to a currency code (120 USD, EUR 12,50) or symbol ($1,299.00, 12,50 €),
 * normalised to "<amount with the currency's minor digits> <ISO 4217 code>": "1299.00 USD", "1200 JPY".
 * A number without a currency is never an amount, so quantities, years and versions are left alone.
 */

/** ISO 4217 codes recognised after or before a number, in capitals only ("try", "all" are words). */
export const CURRENCY_CODES = [
  'EUR', 'USD', 'GBP', 'CHF', 'JPY', 'CNY', 'AUD', 'CAD', 'NZD', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'HUF', 'RON',
  'BGN', 'TRY', 'INR', 'BRL', 'MXN', 'ZAR', 'SGD', 'HKD', 'KRW', 'RUB', 'UAH', 'AED', 'SAR', 'ILS', 'THB',
] as const;

/** Currency symbols and the currency each stands for; "$" alone is read as US dollars. */
export const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = {
  'US$': 'USD',
  'CA$': 'CAD',
  'C$': 'CAD',
  'AU$': 'AUD',
  'A$': 'AUD',
  'NZ$': 'NZD',
  'HK$': 'HKD',
  'S$': 'SGD',
  'R$': 'BRL',
  $: 'USD',
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
  '₹': 'INR',
  '₺': 'TRY',
  '₩': 'KRW',
  '₽': 'RUB',
  '₴': 'UAH',
  '₪': 'ILS',
  zł: 'PLN',
};
/** Currency words, any case. */
const CURRENCY_WORDS: Readonly<Record<string, string>> = { euro: 'EUR', euros: 'EUR' };

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Longest first, so "US$" wins over "$". */
export const SYMBOL_SOURCE = Object.keys(CURRENCY_SYMBOLS)
  .sort((a, b) => b.length - a.length)
  .map(escape)
  .join('|');
export const CODE_SOURCE = `${CURRENCY_CODES.join('|')}|(?:[Ee]uros?)`;

/**
 * A number as amounts are written: grouped by commas (1,299.00), dots (1.299,00), apostrophes (1'299.00),
 * (narrow) no-break spaces, or plain spaces when a decimal comma follows (1 299,00); else plain digits with up
 * to two decimals. Plain spaces without decimals are not groups: "2 100 EUR gift cards" is two cards. At most
 * six groups (10^21), so that a long run of digit groups is not scanned again from each of its groups.
 */
export const NUMBER_SOURCE = [
  String.raw`\d{1,3}(?: \d{3}){1,6},\d{1,2}`,
  String.raw`\d{1,3}(?:[\u00a0\u202f]\d{3}){1,6}(?:,\d{1,2})?`,
  String.raw`\d{1,3}(?:,\d{3}){1,6}(?:\.\d{1,2})?`,
  String.raw`\d{1,3}(?:\.\d{3}){1,6}(?:,\d{1,2})?`,
  String.raw`\d{1,3}(?:'\d{3}){1,6}(?:\.\d{1,2})?`,
  String.raw`\d+(?:[.,]\d{1,2})?`,
].join('|');

/** The value of a number written as NUMBER_SOURCE allows: the last separator before 1 or 2 digits is the decimal mark. */
export function parseNumber(text: string): number {
  const decimal = /[.,](\d{1,2})$/.exec(text);
  const whole = (decimal ? text.slice(0, decimal.index) : text).replace(/\D/g, '');
  return Number(decimal ? `${whole}.${decimal[1]}` : whole);
}

/** The ISO code for a code, symbol or word as written, if it is a currency. */
export function currencyOf(written: string): string | undefined {
  if ((CURRENCY_CODES as readonly string[]).includes(written)) return written;
  return CURRENCY_SYMBOLS[written] ?? CURRENCY_WORDS[written.toLowerCase()];
}

const minorDigits = new Map<string, number>();
/** Digits after the decimal mark in this currency (2 for EUR, 0 for JPY), from the runtime's ISO 4217 data. */
function digitsOf(code: string): number {
  let digits = minorDigits.get(code);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    minorDigits.set(code, digits);
  }
  return digits;
}

/** "1299.00 USD" from "1,299.00" and "$"; undefined when the currency is unknown. */
export function normaliseAmount(number: string, currency: string): string | undefined {
  const code = currencyOf(currency);
  if (code === undefined) return undefined;
  const value = parseNumber(number);
  if (!Number.isFinite(value)) return undefined;
  return `${value.toFixed(digitsOf(code))} ${code}`;
}
