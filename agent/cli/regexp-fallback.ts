/**
 * Patterns from the config (`redact` patterns, `when:` conditions, multiline starts, login routes, access-log
 * formats) run on every line, and one with nested repetition, such as `^(\w+\s?)*:`, can backtrack for hours on
 * a single hostile line while the whole pipeline waits. V8 carries a second, linear-time engine: with this flag,
 * a match that backtracks more than 50,000 times is finished by that engine, with the same result. It takes
 * patterns without lookaheads, backreferences, long counted repetitions and the `i` and `u` flags (and, on
 * Node.js 20, lookbehinds); the others still run on the backtracking engine alone (docs/configuration.md,
 * "Regular expressions"; config/regex-risk.ts warns about the risky ones).
 */
import { setFlagsFromString } from 'node:v8';
import { flagName } from './v8-heap-defaults.js';

export const REGEXP_FALLBACK_FLAG = '--enable-experimental-regexp-engine-on-excessive-backtracks';

/** Turns the fallback on for this process and its worker threads, unless the command line sets it either way; true when it did. */
export function enableRegexpFallback(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((arg) => flagName(arg) === REGEXP_FALLBACK_FLAG)) return false;
  setFlagsFromString(REGEXP_FALLBACK_FLAG);
  return true;
}
