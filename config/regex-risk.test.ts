import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../agent/builtins.js';
import { formatProblem } from './errors.js';
import { parseConfig } from './loader.js';
import { backtrackingRisk, linearTimeCapable, patternWarnings } from './regex-risk.js';

describe('patterns that can backtrack for long', () => {
  it("asks V8 whether its linear-time engine takes a pattern", () => {
    expect(linearTimeCapable('^(\\w+\\s?)*:', '')).toBe(true);
    expect(linearTimeCapable('(?=a)b', '')).toBe(false);
    expect(linearTimeCapable('(a)\\1', '')).toBe(false);
    expect(linearTimeCapable('abc', 'i')).toBe(false);
  });

  it('leaves a nested repetition to the fallback when the fallback takes the pattern', () => {
    expect(backtrackingRisk('^(\\w+\\s?)*:')).toBeUndefined();
    expect(backtrackingRisk('(a+)+$', 'g')).toBeUndefined();
  });

  it.each([
    ['(?!admin)(\\w+\\s?)*;', ''], // a negative lookahead (Node.js 24's linear engine takes lookbehinds)
    ['^(\\d+-?)+ (?=\\w)', ''], // a lookahead
    ['(["\'])(\\w+\\s?)+\\1', ''], // a backreference
    ['^(hello\\s*)+,', 'iu'], // flags the linear engine does not take
    ['(?=x)(a|b+)*c', ''], // a repetition inside one branch of a repeated group
  ])('warns about %s with flags %j', (pattern, flags) => {
    expect(backtrackingRisk(pattern, flags)).toMatch(/^nests one repetition in another/);
  });

  it.each([
    ['(?=x)(a?b)*c', ''], // an optional part cannot repeat
    ['^\\[External\\]', 'iu'],
    ['(?<=order )\\d{5,12}', 'g'],
    ['[*•●]{2,}', 'g'],
  ])('leaves %s with flags %j alone', (pattern, flags) => {
    expect(backtrackingRisk(pattern, flags)).toBeUndefined();
  });

  it('reports each risky pattern of a component as a warning at its path', () => {
    expect(patternWarnings([{ path: ['patterns', 0, 'regex'], pattern: '^a$' }, { path: ['patterns', 1, 'regex'], pattern: '(?=x)(a+)+', flags: 'g' }])).toEqual([
      { path: ['patterns', 1, 'regex'], message: expect.stringMatching(/^this pattern nests one repetition/) as unknown, severity: 'warning' },
    ]);
  });

  it('warns, with line and column, about the patterns of components and of when: conditions, and keeps the config valid', () => {
    const yaml = `inputs:
  - type: file
    include: ["/var/log/app/*.log"]
    multiline:
      start_pattern: '^(?=\\d)(\\d+-?)+ '
processors:
  - type: redact
    patterns:
      - name: token
        regex: '(\\w+\\s?)+tok(?=en)'
    when:
      or:
        - regexp: { message: '(a+)+$' }
        - regexp: { message: '(?!x)(a+)+$' }
  - type: ticket_clean
    rules:
      drop_lines:
        - { name: greeting, pattern: '^(hello\\s*)+,' }
outputs:
  - type: stdout
`;
    const { config, warnings } = parseConfig(yaml, 'test.yaml', builtinRegistry(), {});
    expect(config.processors).toHaveLength(2);
    const risky = warnings.filter((w) => w.message.startsWith('this pattern')).map((w) => formatProblem(w).replace(/: this pattern.*\(line/, ' (line'));
    expect(risky).toEqual([
      'inputs[0].multiline.start_pattern (line 5, col 22)',
      'processors[0].patterns[0].regex (line 10, col 16)',
      'processors[0].when.or[1].regexp.message (line 14, col 30)',
      'processors[1].rules.drop_lines[0].pattern (line 18, col 38)',
    ]);
  });
});
