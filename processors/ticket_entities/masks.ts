/**
 * Redacted values stay redacted: redact (which runs first) leaves placeholders such as [REDACTED:card], and
 * other systems mask values (****1234, XXXX-XXXX). They are replaced by one control character before the
 * patterns run, and an entity that touches one (directly or across one space or dash) is dropped, so no
 * part of a masked value becomes an entity or the piece of one.
 */

/** What stands for a placeholder or mask in the text the patterns see; no pattern matches it. */
export const MASK = '\u0000';

/** redact's default replacement ([REDACTED:<name>]) with any label, and runs of mask characters. */
export const DEFAULT_MASKS: readonly string[] = [String.raw`\[REDACTED(?::[^\]\n]{0,40})?\]`, '[*•●]{2,}', '[xX#]{4,}'];

/** One global regex for all the masks. */
export function masksRegex(masks: readonly string[]): RegExp {
  return new RegExp(masks.map((m) => `(?:${m})`).join('|') || '(?!)', 'g');
}

export function maskRedacted(text: string, masks: RegExp): string {
  // A control character already in the text must not pass for a mask.
  const clean = text.includes(MASK) ? text.replaceAll(MASK, ' ') : text;
  return clean.replace(masks, MASK);
}

const isSeparator = (ch: string | undefined) => ch === ' ' || ch === '-';

/** Whether the match at [start, end) holds or touches a mask. */
export function touchesMask(text: string, start: number, end: number): boolean {
  const inside = text.indexOf(MASK, start);
  if (inside !== -1 && inside < end) return true;
  let before = text[start - 1];
  if (isSeparator(before)) before = text[start - 2];
  let after = text[end];
  if (isSeparator(after)) after = text[end + 1];
  return before === MASK || after === MASK;
}
