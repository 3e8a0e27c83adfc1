/**
 * The built-in patterns, each named (the config disables or overrides them by name). Every pattern is a
 * global regex compiled once; `value` turns a match into the normalised entity or rejects it (undefined).
 * Patterns that need a word before the value (order, SKU, tracking number, error) know the words in the
 * languages the shop's tickets come in, since ids and amounts read the same in all of them.
 */
import { CODE_SOURCE, NUMBER_SOURCE, SYMBOL_SOURCE, normaliseAmount } from './amounts.js';
import type { BuiltinPatternName, EntityKind } from './kinds.js';

export interface EntityPattern {
  readonly name: string;
  readonly kind: string;
  /** Global; compiled once. */
  readonly regex: RegExp;
  /** The entity in its normal form, or undefined to reject the match. */
  readonly value: (match: RegExpExecArray) => string | undefined;
  /** A cheap test that a text may hold a match at all, for patterns that are slow to fail. */
  readonly mayMatch?: (text: string) => boolean;
}

interface BuiltinPattern extends EntityPattern {
  readonly name: BuiltinPatternName;
  readonly kind: EntityKind;
}

/** 10 or 13 digits starting with 1: an epoch timestamp in seconds or milliseconds (2001 to 2033). */
const TIMESTAMP_SHAPED = /^1(?:\d{9}|\d{12})$/;
const group = (match: RegExpExecArray, index = 1) => match[index] ?? match[0];
const upper = (match: RegExpExecArray) => group(match).toUpperCase();
const hasDigit = (text: string) => /\d/.test(text);

/** HTTP status codes are written "HTTP 502" whichever word came before them. */
function errorValue(code: string): string {
  return /^[45]\d\d$/.test(code) ? `HTTP ${code}` : code.toUpperCase();
}

/** UPU S10 check digit (Royal Mail, La Poste, Deutsche Post international, ...): weights 8 6 4 2 3 5 9 7. */
export function s10Valid(code: string): boolean {
  const digits = code.slice(2, 11);
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (digits.charCodeAt(i) - 48) * (weights[i] as number);
  let check = 11 - (sum % 11);
  if (check === 10) check = 0;
  else if (check === 11) check = 5;
  return check === digits.charCodeAt(8) - 48;
}

const ORDER_WORDS = String.raw`order|bestellung|bestellnummer|auftrag(?:snummer)?|commande|pedido|ordine|bestelling|bestelnummer|encomenda`;
const NUMBER_WORDS = String.raw`no\.?|nr\.?|n[º°o]?\.?|number|num(?:ber|éro|ero)?|id|nummer|#`;
const ERROR_WORDS = String.raw`error(?:\s+code)?|err|fehler(?:code)?|erreur|code\s+d'erreur|errore|código(?:\s+de\s+error)?|erro|fout(?:code)?`;
const TRACKING_WORDS = String.raw`tracking(?:\s+(?:number|no\.?|code|id|#))?|track\s*(?:&|and)\s*trace|sendungsnummer|sendungsverfolgung|numéro\s+de\s+suivi|n°\s*de\s*suivi|número\s+de\s+seguimiento|código\s+de\s+rastreio|codice\s+di\s+tracciamento|trackingnummer|trackingcode`;
const CARRIERS = String.raw`DHL|FedEx|GLS|DPD|Hermes|PostNL|Royal\s+Mail|Colissimo|Correos|Chronopost|Evri|Parcelforce`;
/** Amount numbers may not continue a longer token: an id, a version, a decimal. */
const NUMBER_START = String.raw`(?<![\w.,'\-/])`;
const NUMBER_END = String.raw`(?![\d]|[.,]\d)`;

// A label's spaces and its optional `:` or `#` are read one way (`\s*(?:[:#]\s*)?`, not `\s*[:#]?\s*`), and an
// address's parts have RFC 5321's lengths: a ticket's long run of spaces or address characters is read once.
export const BUILTIN_PATTERNS: readonly BuiltinPattern[] = [
  // ORD-447702, order-12345678: the shop's own order id format.
  { name: 'order_code', kind: 'order_id', regex: /\b(?:ORD|ORDER)-?\d{4,12}\b/gi, value: upper },
  // "order 12345678", "order no. 12345", "Bestellnummer: 4587123", "commande n° 45871".
  {
    name: 'order_keyword',
    kind: 'order_id',
    regex: new RegExp(String.raw`\b(?:${ORDER_WORDS})(?:\s*(?:${NUMBER_WORDS}))?\s*(?:[:#]\s*)?(\d{5,12})\b(?![.,]\d)`, 'gi'),
    value: (m) => group(m),
  },
  // "#100234"; an epoch timestamp after # is not an order.
  { name: 'order_hash', kind: 'order_id', regex: /(?<![\w&#/])#\s?(\d{5,12})\b(?![.,]\d)/g, value: (m) => (TIMESTAMP_SHAPED.test(group(m)) ? undefined : group(m)), mayMatch: (t) => t.includes('#') },
  { name: 'amount_code_after', kind: 'amount', regex: new RegExp(`${NUMBER_START}(${NUMBER_SOURCE})${NUMBER_END}\\s?(${CODE_SOURCE})\\b`, 'g'), value: (m) => normaliseAmount(m[1] as string, m[2] as string) },
  { name: 'amount_code_before', kind: 'amount', regex: new RegExp(`\\b(${CODE_SOURCE})\\s?(${NUMBER_SOURCE})${NUMBER_END}`, 'g'), value: (m) => normaliseAmount(m[2] as string, m[1] as string) },
  { name: 'amount_symbol_before', kind: 'amount', regex: new RegExp(`(?<![\\w$])(${SYMBOL_SOURCE})\\s?(${NUMBER_SOURCE})${NUMBER_END}`, 'g'), value: (m) => normaliseAmount(m[2] as string, m[1] as string) },
  { name: 'amount_symbol_after', kind: 'amount', regex: new RegExp(`${NUMBER_START}(${NUMBER_SOURCE})${NUMBER_END}\\s?(${SYMBOL_SOURCE})(?![\\w$])`, 'g'), value: (m) => normaliseAmount(m[1] as string, m[2] as string) },
  // Dates are found by chrono-node (dates.ts), not by this regex; the entry gives the name its place in the list.
  { name: 'date_chrono', kind: 'date', regex: /(?!)/g, value: () => undefined },
  // "SKU 88213-BLK", "item no. AB-1234", "Artikelnummer 4711-22", "product code X3-200": the code must hold a digit.
  {
    name: 'sku_labelled',
    kind: 'sku',
    regex: /\b(?:SKU|art(?:icle|ikel)?\.?\s*(?:no\.?|nr\.?|number|nummer)|artikelnummer|item\s*(?:no\.?|number|#)|product\s*(?:code|no\.?|number|id)|part\s*(?:no\.?|number)|réf(?:érence)?\.?|referencia|EAN|UPC)[\s:#-]*([A-Z0-9][A-Z0-9-]{2,30}[A-Z0-9])\b/gi,
    value: (m) => (hasDigit(group(m)) ? upper(m) : undefined),
  },
  // "HTTP 502", "Error 500", "status 404", "502 Bad Gateway".
  {
    name: 'error_http',
    kind: 'error_code',
    regex: /\b(?:(?:HTTP(?:\/[\d.]+)?|status(?:\s+code)?|error|fehler|erreur|errore|erro)\s*(?:[:#]\s*)?([45]\d\d)\b(?![.,]\d)|\b([45]\d\d)\s+(?:Bad\s+Request|Unauthorized|Forbidden|Not\s+Found|Too\s+Many\s+Requests|Internal\s+Server\s+Error|Bad\s+Gateway|Service\s+Unavailable|Gateway\s+Time-?out)\b)/gi,
    value: (m) => errorValue(m[1] ?? (m[2] as string)),
  },
  // "error code: PAY-1042", "Fehlercode 0815", "error E1234".
  { name: 'error_labelled', kind: 'error_code', regex: new RegExp(String.raw`\b(?:${ERROR_WORDS})\s*(?:[:#]\s*)?([A-Z]{1,4}[-_]?\d{2,6}|\d{3,6})\b(?![.,]\d)`, 'gi'), value: (m) => errorValue(group(m)) },
  // ERR_PAYMENT_DECLINED, E_ACCESS_DENIED, PAYMENT_DECLINED, CARD_EXPIRED.
  {
    name: 'error_symbolic',
    kind: 'error_code',
    regex: /\b(?:(?:ERR|ERROR|E)_[A-Z0-9]+(?:_[A-Z0-9]+)*|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_(?:ERROR|FAILED|FAILURE|DECLINED|DENIED|TIMEOUT|INVALID|NOT_FOUND|EXPIRED|REFUSED|REJECTED|UNAVAILABLE))\b/g,
    value: (m) => m[0],
    mayMatch: (t) => t.includes('_'),
  },
  // Windows HRESULTs and other hexadecimal codes: 0x80070005.
  { name: 'error_hex', kind: 'error_code', regex: /\b0[xX]([0-9A-Fa-f]{4,8})\b/g, value: (m) => `0x${group(m).toUpperCase()}` },
  // E1234: an E and four digits is how many apps print their error codes.
  { name: 'error_e_number', kind: 'error_code', regex: /\bE\d{4}\b/g, value: (m) => m[0] },
  // UPS: 1Z, a 6-character shipper number, service, 8 digits.
  { name: 'tracking_ups', kind: 'tracking_number', regex: /\b1Z ?[0-9A-Z]{3} ?[0-9A-Z]{3} ?[0-9A-Z]{2} ?[0-9A-Z]{4} ?[0-9A-Z]{3} ?[0-9A-Z]\b/gi, value: (m) => m[0].replace(/ /g, '').toUpperCase() },
  // USPS: 22 digits starting 92 to 95, often printed in groups of four.
  { name: 'tracking_usps', kind: 'tracking_number', regex: /\b9[2-5]\d{2}(?: ?\d{4}){4} ?\d{2}\b/g, value: (m) => m[0].replace(/ /g, '') },
  // UPU S10 (Royal Mail, national posts' international parcels): RR123456789GB, confirmed by its check digit.
  { name: 'tracking_s10', kind: 'tracking_number', regex: /\b[A-Z]{2}\d{9}[A-Z]{2}\b/g, value: (m) => (s10Valid(m[0]) ? m[0] : undefined) },
  // DHL eCommerce / Paket: JJD followed by 16 to 20 digits.
  { name: 'tracking_dhl', kind: 'tracking_number', regex: /\bJJD\d{16,20}\b/gi, value: upper },
  // "tracking number XYZ123456", "DHL 00340434161234567890", "Sendungsnummer: ...": a code of 8+ characters with a digit, just after the word.
  {
    name: 'tracking_labelled',
    kind: 'tracking_number',
    regex: new RegExp(String.raw`\b(?:${TRACKING_WORDS}|${CARRIERS})(?:\s*(?:number|no\.?|code|id|is|:|#))*\s*([A-Z0-9]{8,34})\b`, 'gi'),
    value: (m) => (/\d.*\d/.test(group(m)) ? upper(m) : undefined),
  },
  // The domain of an email address still in the text (redact replaces whole addresses, domain included).
  {
    name: 'email_domain',
    kind: 'email_domain',
    regex: /\b[A-Za-z0-9._%+-]{1,64}@([A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,10}\.[A-Za-z]{2,63})\b/g,
    value: (m) => group(m).toLowerCase(),
    mayMatch: (t) => t.includes('@'),
  },
];
