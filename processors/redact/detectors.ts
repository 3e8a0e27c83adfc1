/**
 * What the redact processor looks for. Card numbers and IBANs are confirmed by their check digits, so order
 * ids, amounts and timestamps that merely look like them are left alone.
 */
export interface Detector {
  readonly name: string;
  /** Global regex; compiled once. */
  readonly pattern: RegExp;
  /** Extra confirmation of a candidate match. */
  confirm?(match: string): boolean;
}

/** Luhn checksum over the digits of a candidate card number. */
export function luhnValid(candidate: string): boolean {
  const digits = candidate.replace(/[ -]/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

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

const DATE_LIKE = /(^|\D)\d{4}[-./]\d{1,2}[-./]\d{1,2}(\D|$)/;

export const BUILTIN_DETECTORS: Record<'card' | 'iban' | 'email' | 'phone', Detector> = {
  // 13–19 digits, optionally grouped by single spaces or dashes.
  card: { name: 'card', pattern: /(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])/g, confirm: luhnValid },
  iban: { name: 'iban', pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g, confirm: ibanValid },
  email: { name: 'email', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
  // International (+CC ...) or grouped national numbers with at least 8 digits; bare digit runs (ids) are not phones.
  phone: {
    name: 'phone',
    pattern: /(?<![\w+:])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,5}\)[ .-]?)?\d{2,5}(?:[ .-]\d{2,5}){1,4}(?![\w:-])/g,
    confirm: (match) => {
      const digits = match.replace(/\D/g, '').length;
      if (digits < 8 || digits > 15) return false;
      if (DATE_LIKE.test(match)) return false; // 2026-11-02, 2026.11.02 09
      return match.startsWith('+') || match.startsWith('(') || /[ .-]/.test(match);
    },
  },
};
