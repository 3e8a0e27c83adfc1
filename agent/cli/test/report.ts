/**
 * What `sidecar-ai test` prints: a line per test, a diff for each failing one (per field path, expected
 * against actual) and a summary line.
 */
import type { TestOutcome } from './run-tests.js';

export function formatOutcomes(file: string, outcomes: readonly TestOutcome[]): string {
  const lines = [file];
  for (const outcome of outcomes) {
    if (outcome.mismatches.length === 0) {
      lines.push(`  pass  ${outcome.name}`);
      continue;
    }
    lines.push(`  FAIL  ${outcome.name} (tests[${outcome.index}])`);
    for (const mismatch of outcome.mismatches) {
      lines.push(`        ${mismatch.path}: ${mismatch.check}`, `          - expected: ${mismatch.expected}`, `          + actual:   ${mismatch.actual}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export interface Tally {
  passed: number;
  failed: number;
  /** Files that could not be run: malformed, or their processors could not be built. */
  broken: number;
}

export function formatSummary(tally: Tally): string {
  const broken = tally.broken > 0 ? `, ${tally.broken} file${tally.broken === 1 ? '' : 's'} not run` : '';
  return `${tally.passed} passed, ${tally.failed} failed${broken}\n`;
}
