import { describe, expect, it } from 'vitest';
import { enableRegexpFallback } from './regexp-fallback.js';

describe('enableRegexpFallback', () => {
  it('leaves the flag to a command line that sets it either way, in either spelling', () => {
    expect(enableRegexpFallback(['--no-enable-experimental-regexp-engine-on-excessive-backtracks'])).toBe(false);
    expect(enableRegexpFallback(['--enable_experimental_regexp_engine_on_excessive_backtracks'])).toBe(false);
  });

  it('sets it otherwise, and a pattern with nested repetition then ends on a hostile line', () => {
    expect(enableRegexpFallback(['--max-old-space-size=512'])).toBe(true);
    // About 2^48 steps for the backtracking engine alone.
    expect(/^(\w+\s?)*:/.test('a'.repeat(48))).toBe(false);
  });
});
