/**
 * Phone numbers: a cheap regex finds digit runs that could be one (at least 7 digits, optionally with +,
 * parentheses and single separators), and libphonenumber-js with its full ("max") metadata decides, so only
 * numbers that exist in a numbering plan are replaced. Lines without such a digit run never reach the library.
 *
 * Valid is not enough for numbers written without + (a valid German number can be 8 arbitrary digits), so a
 * finding counts when
 *   - it has a + (or an international prefix such as 00 before the country code), or
 *   - a phone word comes just before it (phone, tel, mobile, msisdn, ...): then a bare run that is valid as
 *     an international number with its + left out (an MSISDN) counts too, or
 *   - it is written as the region writes its national numbers: the same digits as the national format, trunk
 *     prefix included (DE 0151 23456789), or the national format's groups without the trunk prefix (IN 98765
 *     43210). Three counters in an access log (201 4312 0042) are neither.
 * A bare digit run (no separator) is never a phone number when it is shaped like an epoch timestamp (10 or 13
 * digits starting with 1: 2001 to 2033), nor, outside a phone context, when an id word comes before it
 * (id, order, ref, ts, ...).
 */
import { findPhoneNumbersInText, parsePhoneNumberFromString, type CountryCode, type MetadataJson, type PhoneNumber } from 'libphonenumber-js/core';
import type { Detector } from './detector.js';

/** Candidates: digits with single separators ( . / - or a space, around parentheses too), + or ( before them. */
const CANDIDATE = /(?<![\w+./-]|\d[:,])(?:\+|\(\+?)?\d(?:[ ./()-]{0,2}\d)*/g;
const MIN_DIGITS = 7;
/** E.164 allows 15 digits; an international prefix (00, 011) before them adds up to 3. Longer bare runs are ids. */
const MAX_BARE_DIGITS = 18;

/** A candidate followed by these is part of a longer token: a decimal, a date-time, a path, a version, a UUID. */
const CONTINUES = /^(?:\w|[.,]\d|[:/-]\w)/;
/** Findings that are dates (2026-11-02, 02.11.2026, 11/02/2026), dotted quads (IPv4), decimals or versions (0.042, 1.28.3). */
const DATE = /^\d{4}([-./])\d{1,2}\1\d{1,2}$|^\d{1,2}([-./])\d{1,2}\2\d{2,4}$/;
const DOTTED_QUAD = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const LONE_DIGIT_AT_DOT = /(?:^|\D)\d\.|\.\d(?:\D|$)/;
/** Status and byte count in an access log line: `"GET / HTTP/1.1" 200 31234`. */
const AFTER_REQUEST_LINE = /HTTP\/[\d.]+" $/;

const BARE = /^\d+$/;
const TIMESTAMP_SHAPED = /^1(?:\d{9}|\d{12})$/;
const PHONE_WORD = /(?:phone|tel|mobile|mobil|cell|fax|msisdn|sms|whatsapp|callback|contact|handy)\D{0,12}$/i;
const ID_WORD = /(?:^|[^a-z])(?:ids?|no|nr|order|invoice|ref|reference|account|acct|customer|user|uid|seq|ts|time|timestamp|epoch|offset|count|size|bytes|duration|ms)\W{0,4}$/i;
/** How far before a finding to look for a phone or id word. */
const CONTEXT_CHARS = 24;

export interface PhoneOptions {
  /** Region whose national numbering reads numbers without +; without one only international numbers count. */
  region?: CountryCode | undefined;
  metadata: MetadataJson;
}

const digitsOf = (text: string) => text.replace(/\D/g, '');
const groupsOf = (text: string) => text.split(/\D+/).filter(Boolean);
const unclosed = (text: string) => text.split('(').length > text.split(')').length;

/** Whether `raw` (no +) is written as its region writes national numbers, or as an international prefix and the full number. */
function writtenNationally(raw: string, number: PhoneNumber): boolean {
  const digits = digitsOf(raw);
  const national = number.formatNational();
  const nationalDigits = digitsOf(national);
  if (nationalDigits === digits) return true;
  // An international prefix and the full number (DE 0049 30 ...), or a trunk prefix the format leaves out (US 1-212-...).
  const e164 = number.number.slice(1);
  if (digits.length > e164.length && digits.endsWith(e164)) return true;
  if (digits.length - nationalDigits.length <= 2 && digits.length > nationalDigits.length && digits.endsWith(nationalDigits)) return true;
  // The national format's groups with its trunk prefix left out: IN 098765 43210 written 98765 43210.
  const prefix = nationalDigits.length - digits.length;
  if (prefix < 1 || prefix > 2 || !nationalDigits.endsWith(digits)) return false;
  const groups = groupsOf(national);
  const first = groups[0] ?? '';
  groups[0] = first.slice(prefix);
  return groups.filter(Boolean).join(' ') === groupsOf(raw).join(' ');
}

export function phoneDetector({ region, metadata }: PhoneOptions): Detector {
  const options = region ? { defaultCountry: region } : {};

  /** Whether the library's finding `raw` at `at` in `text` counts as a phone number (see the rules above). */
  const counts = (raw: string, number: PhoneNumber, at: number, text: string): boolean => {
    if (DATE.test(raw) || DOTTED_QUAD.test(raw) || LONE_DIGIT_AT_DOT.test(raw)) return false;
    if (raw.startsWith('+')) return true;
    const bare = BARE.test(raw);
    if (bare && TIMESTAMP_SHAPED.test(raw)) return false;
    const before = text.slice(Math.max(0, at - CONTEXT_CHARS), at);
    if (PHONE_WORD.test(before)) return true;
    if (bare && ID_WORD.test(before)) return false;
    return writtenNationally(raw, number);
  };

  /** A bare run after a phone word that is no number of the region: an MSISDN (the international number without +)? */
  const msisdn = (run: string, offset: number, text: string): boolean =>
    !TIMESTAMP_SHAPED.test(run) && PHONE_WORD.test(text.slice(Math.max(0, offset - CONTEXT_CHARS), offset)) && findPhoneNumbersInText(`+${run}`, metadata).some((f) => f.endsAt === run.length + 1);

  /**
   * The numbers in a candidate. Most candidates hold one number or none, and parsing the whole candidate costs
   * a third of a search; the library's search (findPhoneNumbersInText) runs only when the candidate, with three
   * groups or more, may hold a number among other digits ("+49 30 12345678 2").
   */
  const findings = (match: string): readonly { startsAt: number; endsAt: number; number: PhoneNumber }[] => {
    const number = parsePhoneNumberFromString(match, { ...options, extract: false }, metadata);
    if (number?.isValid()) return [{ startsAt: 0, endsAt: match.length, number }];
    return groupsOf(match).length >= 3 ? findPhoneNumbersInText(match, options, metadata) : [];
  };

  return {
    name: 'phone',
    pattern: CANDIDATE,
    rewrite(whole, at, text, label) {
      // An unclosed opening parenthesis before a number ("(+49 30 12345678), ...") stays in the text.
      const open = whole.startsWith('(') && unclosed(whole) ? 1 : 0;
      const match = whole.slice(open);
      const offset = at + open;
      let digits = 0;
      for (let i = 0; i < match.length; i++) if (match.charCodeAt(i) >= 48 && match.charCodeAt(i) <= 57) digits++;
      if (digits < MIN_DIGITS || CONTINUES.test(text.slice(offset + match.length, offset + match.length + 2))) return whole;
      // The library costs tens of µs a call: what can be told without it is told here.
      if (DATE.test(match) || DOTTED_QUAD.test(match) || LONE_DIGIT_AT_DOT.test(match) || AFTER_REQUEST_LINE.test(text.slice(Math.max(0, offset - 12), offset))) return whole;
      const bare = digits === match.length;
      if (bare && (digits > MAX_BARE_DIGITS || TIMESTAMP_SHAPED.test(match))) return whole;
      if (bare || !region) {
        const phoneWord = PHONE_WORD.test(text.slice(Math.max(0, offset - CONTEXT_CHARS), offset));
        if (!phoneWord && (bare ? !region || ID_WORD.test(text.slice(Math.max(0, offset - CONTEXT_CHARS), offset)) : !match.includes('+'))) return whole;
      }
      let out = '';
      let last = 0;
      for (const found of findings(match)) {
        let start = found.startsAt;
        // The library keeps an unclosed opening parenthesis before a number ("(+49 30 12345678), ..."); the text keeps it.
        if (match[start] === '(' && unclosed(match.slice(start, found.endsAt))) start++;
        const raw = match.slice(start, found.endsAt);
        if (!counts(raw, found.number, offset + start, text)) continue;
        out += match.slice(last, start) + label;
        last = found.endsAt;
      }
      if (last === 0 && bare && msisdn(match, offset, text)) return whole.slice(0, open) + label;
      return last === 0 ? whole : whole.slice(0, open) + out + match.slice(last);
    },
  };
}
