/**
 * `sidecar-ai test` as users run it: every example test file passes (the demo one with the real MiniLM
 * model), a failing expectation exits 1 with a per-field diff, a malformed file exits 78 with its line and
 * column, and an unknown command fails instead of printing the top-level help.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/agent-process.js';
import { writeFile } from 'node:fs/promises';

const EXAMPLES = path.resolve(import.meta.dirname, '../../config/examples/tests');

async function testFile(name: string, yaml: string): Promise<string> {
  const dir = await tempDir('pipeline-test');
  await writeConfig(dir, '');
  const file = path.join(dir, name);
  await writeFile(file, yaml);
  return file;
}

describe('sidecar-ai test', () => {
  it.each(readdirSync(EXAMPLES).filter((name) => name.endsWith('.test.yaml')))('the example %s passes', async (name) => {
    const result = await runCli(['test', path.join(EXAMPLES, name)]);
    expect(result.stdout, result.stderr).toMatch(/^\d+ passed, 0 failed$/m);
    expect(result.stdout).not.toContain('FAIL');
    expect(result.code).toBe(0);
  });

  it('a folder runs every test file under it', async () => {
    const names = readdirSync(EXAMPLES).filter((name) => name.endsWith('.test.yaml'));
    const result = await runCli(['test', EXAMPLES]);
    expect(result.code, result.stderr).toBe(0);
    for (const name of names) expect(result.stdout).toContain(path.join(EXAMPLES, name));
    const empty = await tempDir('pipeline-test-empty');
    const none = await runCli(['test', empty]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`${empty}: a folder without test files (*.test.yaml or *.test.yml)`);
  });

  it('a failing expectation exits 1 with expected and actual per field path', async () => {
    const file = await testFile(
      'failing.test.yaml',
      `processors:
  - type: parse_json
tests:
  - name: right
    lines: ['{"level":"info"}']
    expect:
      - equals: { level: info }
  - name: wrong
    lines: ['{"level":"info","user":{"id":"u-1"}}', 'not json']
    expect:
      - equals: { level: error, user.id: u-1 }
        absent: [user.id]
      - contains: { tags: nope }
    count: 3
`,
    );
    const result = await runCli(['test', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('pass  right');
    expect(result.stdout).toContain('FAIL  wrong (tests[1])');
    expect(result.stdout).toContain('event[0].level: equals\n          - expected: "error"\n          + actual:   "info"');
    expect(result.stdout).toContain('event[0].user.id: absent\n          - expected: (not set)\n          + actual:   "u-1"');
    expect(result.stdout).toContain('event[1].tags: contains\n          - expected: contains "nope"\n          + actual:   ["_jsonparsefailure"]');
    expect(result.stdout).toContain('(event count): count\n          - expected: 3\n          + actual:   2');
    // user.id matched: only what differs is shown.
    expect(result.stdout).not.toContain('event[0].user.id: equals');
    expect(result.stdout).toMatch(/^1 passed, 1 failed$/m);
  });

  it('a malformed test file exits 78 naming each problem with its line and column, and the other files still run', async () => {
    const bad = await testFile(
      'bad.test.yaml',
      `processors:
  - type: parse_json
    target: 12
tests:
  - name: no events
  - name: bad checks
    lines: [a]
    expect:
      - matches: { message: "(" }
        dropped: maybe
`,
    );
    const result = await runCli(['test', bad, path.join(EXAMPLES, 'json-redact.test.yaml')]);
    expect(result.code).toBe(78);
    expect(result.stderr).toContain(`[CONFIG_INVALID] ${bad}: invalid configuration`);
    expect(result.stderr).toContain('processors[0].target: expected string, got 12 (line 3, col 13)');
    expect(result.stderr).toContain('tests[0]: expected exactly one of "input" (events) or "lines" (raw log lines), got a mapping (line 5, col 5)');
    expect(result.stderr).toContain('tests[1].expect[0].matches.message: invalid regular expression, got "(" (line 9, col 29)');
    expect(result.stderr).toContain('tests[1].expect[0].dropped: expected boolean, got "maybe" (line 10, col 18)');
    expect(result.stdout).toMatch(/^3 passed, 0 failed, 1 file not run$/m);
  });

  it('a test file naming a config that does not exist is malformed', async () => {
    const file = await testFile('missing-config.test.yaml', 'config: ./nowhere.yaml\ntests:\n  - name: x\n    lines: [a]\n');
    const result = await runCli(['test', file]);
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('nowhere.yaml: invalid configuration\n  (top level): file not found');
  });

  it('an unknown command fails, also with --help', async () => {
    for (const args of [['tset'], ['tset', '--help']]) {
      const result = await runCli(args);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("unknown command 'tset'");
      expect(result.stdout).toBe('');
    }
  });

  it('test --help describes the command', async () => {
    const result = await runCli(['test', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: sidecar-ai test \[options\] <files\.\.\.>/);
  });
});
