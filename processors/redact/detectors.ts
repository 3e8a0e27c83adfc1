/**
 * The built-in detectors. Card numbers and IBANs are confirmed by their check digits (cards by issuer prefix
 * and length too), phone numbers and IP addresses by a parser, so order ids, amounts and timestamps that
 * merely look like them are left alone.
 */
import type { CountryCode, MetadataJson } from 'libphonenumber-js/core';
import maxMetadata from 'libphonenumber-js/metadata.max.json';
import { cardValid } from './cards.js';
import type { Detector } from './detector.js';
import { ipDetector } from './ip.js';
import { phoneDetector } from './phones.js';

import type { DetectorName } from './detector-names.js';

export { DETECTOR_NAMES, type DetectorName } from './detector-names.js';

/**
 * The order built-ins run in: IBANs and cards first, since their digits could otherwise be taken for phone
 * numbers; emails before phones and IPs (a local part may be digits); IPs before phones (dotted quads).
 */
export const DETECTOR_ORDER: readonly DetectorName[] = ['iban', 'card', 'email', 'ip', 'phone'];

/** ISO 13616 mod-97 check of a candidate IBAN. */
export function ibanValid(candidate: string): boolean {
  const compact = candidate.replace(/ /g, '').toUpperCase();
  if (compact.length < 15 || compact.length > 34) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

export const ibanDetector: Detector = { name: 'iban', pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g, confirm: ibanValid };

// 13–19 digits, optionally grouped by single spaces or dashes; never after + (a phone number's country code).
export const cardDetector: Detector = { name: 'card', pattern: /(?<![\w+-])\d(?:[ -]?\d){12,18}(?![\w-])/g, confirm: cardValid };

// The pattern tries every run of word characters as a local part: on lines without @ that is most of the time.
/** A local part of at most 64 characters and labels of 63 (RFC 5321): a run of address characters without an @ is not scanned from each of its characters. */
export const emailDetector: Detector = {
  name: 'email',
  pattern: /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,10}\.[A-Za-z]{2,63}/g,
  mayMatch: (text) => text.includes('@'),
  confirm: (match) => !NOT_DOMAINS.has(match.slice(match.lastIndexOf('.') + 1).toLowerCase()),
};

/**
 * File extensions that are no top-level domain (none is in the public suffix list), so an "address" ending in
 * one is a file name: the `logo@2x.png` of high-density images, `icons@latest.svg`. Extensions that are also
 * top-level domains (`.map`, `.zip`, `.mov`, `.md`, `.sh`) stay addresses.
 */
const NOT_DOMAINS = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'svg', 'ico', 'bmp', 'tif', 'tiff', 'heic', 'css', 'js', 'mjs', 'json', 'htm', 'html', 'xml', 'txt', 'pdf', 'ttf', 'otf', 'eot', 'php', 'asp', 'aspx', 'jsp', 'webmanifest']);

/**
 * The built-in detectors named in `names`, in DETECTOR_ORDER; phone numbers without + are read in `region`.
 * The full ("max") metadata validates each number's digits, not only its length (bench/redact.ts compares it
 * with "min": min took timestamps, IPv4 addresses and access-log counters for German numbers).
 */
export function builtinDetectors(names: readonly DetectorName[], region: CountryCode | undefined, metadata: MetadataJson = maxMetadata): Detector[] {
  const make: Record<DetectorName, () => Detector> = {
    card: () => cardDetector,
    iban: () => ibanDetector,
    email: () => emailDetector,
    ip: () => ipDetector,
    phone: () => phoneDetector({ region, metadata }),
  };
  return DETECTOR_ORDER.filter((name) => names.includes(name)).map((name) => make[name]());
}
