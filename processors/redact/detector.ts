/** One kind of data the redact processor looks for. */
export interface Detector {
  /** The label in the replacement: `[REDACTED:<name>]`. */
  readonly name: string;
  /** Global regex that finds candidates; compiled once, without capture groups (see `rewrite`). */
  readonly pattern: RegExp;
  /** A cheap test that `text` may hold a match at all, for patterns that are slow to fail (redact is on hot paths). */
  mayMatch?(text: string): boolean;
  /** Confirms a candidate (check digits, a parser); without it every candidate is replaced whole. */
  confirm?(match: string): boolean;
  /**
   * For candidates that may hold a finding among other text: the candidate with only the findings replaced by
   * `label`. `offset` and `text` are where the candidate was found, for checks on what comes before it.
   */
  rewrite?(match: string, offset: number, text: string, label: string): string;
}
