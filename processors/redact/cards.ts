/**
 * Card numbers are recognised by issuer prefix, length and the Luhn check together: the Luhn check alone
 * passes one digit run in ten, so epoch-millisecond timestamps (13 digits starting with 1) and order ids
 * would be taken for cards. No network issues numbers starting with 0, 1, 7, 8 or 9.
 */

interface Issuer {
  readonly network: string;
  /** Inclusive ranges of leading digits, compared as numbers of the same length as their bounds. */
  readonly prefixes: readonly (readonly [string, string])[];
  readonly lengths: readonly number[];
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Published issuer identification ranges (ISO/IEC 7812 IINs) of the networks seen in payment logs. */
export const ISSUERS: readonly Issuer[] = [
  { network: 'visa', prefixes: [['4', '4']], lengths: [13, 16, 19] },
  { network: 'mastercard', prefixes: [['51', '55'], ['2221', '2720']], lengths: [16] },
  { network: 'amex', prefixes: [['34', '34'], ['37', '37']], lengths: [15] },
  { network: 'discover', prefixes: [['6011', '6011'], ['644', '649'], ['65', '65']], lengths: range(16, 19) },
  { network: 'diners', prefixes: [['36', '36'], ['38', '38'], ['300', '305']], lengths: range(14, 19) },
  { network: 'jcb', prefixes: [['3528', '3589']], lengths: range(16, 19) },
  { network: 'unionpay', prefixes: [['62', '62']], lengths: range(16, 19) },
  // Maestro's 12-digit numbers are left out: 12 digits are too common in ids to redact on a prefix.
  { network: 'maestro', prefixes: [['5018', '5018'], ['5020', '5020'], ['5038', '5038'], ['5893', '5893'], ['6304', '6304'], ['6759', '6759'], ['6761', '6763']], lengths: range(13, 19) },
  { network: 'mir', prefixes: [['2200', '2204']], lengths: range(16, 19) },
];

/** The network whose prefix and length fit these digits, if any. */
export function cardNetwork(digits: string): string | undefined {
  for (const issuer of ISSUERS) {
    if (!issuer.lengths.includes(digits.length)) continue;
    for (const [from, to] of issuer.prefixes) {
      const lead = digits.slice(0, from.length);
      if (lead >= from && lead <= to) return issuer.network;
    }
  }
  return undefined;
}

/** Luhn checksum over a run of digits. */
export function luhnValid(digits: string): boolean {
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

/** A candidate (digits, optionally grouped by spaces or dashes) that an issuer could have issued and whose check digit holds. */
export function cardValid(candidate: string): boolean {
  const digits = candidate.replace(/[ -]/g, '');
  return cardNetwork(digits) !== undefined && luhnValid(digits);
}
