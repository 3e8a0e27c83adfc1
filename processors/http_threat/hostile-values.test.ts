/**
 * Values built to make the detectors' expressions backtrack (found by recheck, `npm run
 * bench:threat-backtracking`). Before their rewrite, the first of these took one request 25 s to score and the
 * others seconds to minutes in their expression alone, blocking the thread that answers proxy checks; now each
 * is scored like any other value. No time is asserted here: a return of such backtracking shows as this file
 * running into the test timeout, and the bench prints the figures.
 */
import { describe, expect, it } from 'vitest';

import { httpThreatConfig } from './config.js';
import { viewText } from './detector-table.js';
import { DETECTORS } from './detectors.js';
import { HttpThreat } from './http-threat.js';
import { normalise } from './normalise.js';

const { max_length: MAX_LENGTH } = httpThreatConfig.parse({});
const scorer = new HttpThreat(httpThreatConfig.parse({}));

/** The detector each value was made against, and the value (recheck's attack strings, cut to max_length). */
const HOSTILE: ReadonlyArray<readonly [string, string]> = [
  ['rce-variable-evasion', `a$a${'a${_'.repeat(29)}\0`],
  ['php-function-call', `ord/*v${'*//*i'.repeat(29)}\n`],
  ['php-variable-function', `$_/**${'//**/[*/{]{}/**'.repeat(27)}`],
  ['generic-template-injection', '@{{.o'.repeat(1217)],
  ['generic-template-syntax', '#__${*'.repeat(1400)],
  ['sqli-operator-after-quote', `\`${'\t'.repeat(436)}\0`],
  ['sqli-tautology', ')'.repeat(MAX_LENGTH)],
  ['sqli-select-from', 'select*,\t'.repeat(900)],
  ['rce-substitution', `\`ruby${'.0'.repeat(4000)}`],
].map(([id, value]) => [id as string, (value as string).slice(0, MAX_LENGTH)] as const);

/**
 * Values that made an expression backtrack polynomially: each repetition started a match that read to the end
 * of the value. At max_length that cost a request 10 ms to 54 s; a value of 1 MiB shows the difference without
 * a clock, as a linear expression reads it in well under a second and a polynomial one for minutes or more.
 */
const POLYNOMIAL: ReadonlyArray<readonly [string, string]> = [
  ['php-directive', 'suhosin.'],
  ['rce-shellshock', ')(){'],
  ['rce-windows-for-if', 'for%='],
  ['rce-shell-syntax', 'alias\t-'],
  ['rfi-trailing-question', '=ftp://'],
  ['protocol-mod-proxy', ':xy:unix'],
  ['generic-js-busy-wait', 'e(do{'],
  ['php-obfuscated-name-call', '('],
  ['php-obfuscated-name-call', '.('],
  ['session-id-param', '&sid'],
  ['protocol-encoding-abuse', '=%2f%2520'],
  ['rce-command-chain', 'x|find|y|'],
  ['lfi-restricted-file', 'w-'], // a log file's name was looked for from every word boundary
  ['protocol-line-break', 'a\n'], // each line break read on to the value's end
].map(([id, unit]) => [id as string, (unit as string).repeat(Math.ceil(2 ** 20 / (unit as string).length))] as const);

describe('hostile values for the detectors’ expressions', () => {
  it.each([...HOSTILE, ...POLYNOMIAL])('%s: its own expression reads the value in one pass', (id, value) => {
    const detector = DETECTORS.find((d) => d.id === id);
    expect(detector, id).toBeDefined();
    expect(typeof detector?.pattern.test(value)).toBe('boolean');
  });

  it('lfi-restricted-file: a query of path segments with hidden names is read in one pass', () => {
    // Each `/.-` of a query was a candidate that read back to the query's start to tell path from query.
    const views = normalise(`/search?q=${'a/.-'.repeat(2 ** 18)}`, 1);
    const detectors = DETECTORS.filter((d) => d.id === 'lfi-restricted-file');
    expect(detectors.map((d) => d.view)).toEqual(['text', 'path']);
    for (const detector of detectors) expect(detector.pattern.test(viewText(views, detector.view))).toBe(false);
  });

  it.each(HOSTILE)('%s: the value is scored as a query value and as a User-Agent', (_id, value) => {
    for (const verdict of [scorer.score(`/search?q=${encodeURIComponent(value)}`.slice(0, MAX_LENGTH), 'Mozilla/5.0', undefined), scorer.score('/search', value, undefined)])
      expect(verdict === undefined || (verdict.score >= 0 && verdict.score <= 1)).toBe(true);
  });
});
