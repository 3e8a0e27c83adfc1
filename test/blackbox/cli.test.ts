import { readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { v8HeapDefaults } from '../../agent/cli/v8-heap-defaults.js';
import { readEvents, runCli, tempDir, writeConfig } from '../helpers/agent-process.js';

const EXAMPLES = path.resolve(import.meta.dirname, '../../config/examples');

describe('sidecar-ai CLI', () => {
  it('prints help with the run and validate commands', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/run \[options\]/);
    expect(result.stdout).toMatch(/validate \[options\]/);
  });

  it.each(readdirSync(EXAMPLES).filter((name) => name.endsWith('.yaml')))('validate exits 0 for the example %s', async (name) => {
    const result = await runCli(['validate', '-c', path.join(EXAMPLES, name)]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('validate names path, expectation, value and position, and hides environment values', async () => {
    const dir = await tempDir('validate');
    const file = await writeConfig(
      dir,
      `inputs:
  - type: file
    include: ["/var/log/app/*.log"]
processors:
  - type: parse_json
  - type: parse_json
    target: 12
outputs:
  - type: file
    path: \${OUT_PATH}
    fsync: \${FSYNC}
`,
    );
    const result = await runCli(['validate', '-c', file], { FSYNC: 's3cr3t-value' });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('processors[1].target: expected string, got 12 (line 7, col 13)');
    expect(result.stderr).toContain('outputs[0].path: environment variable OUT_PATH is not set (line 10, col 11)');
    expect(result.stderr).toContain('outputs[0].fsync: expected boolean, got a value from ${FSYNC} (line 11, col 12)');
    expect(result.stderr).not.toContain('s3cr3t-value');
  });

  it('run refuses a broken config with the same messages and does not start', async () => {
    const dir = await tempDir('run-bad');
    const file = await writeConfig(dir, 'inputs: []\noutputs:\n  - type: stdout\n');
    const result = await runCli(['run', '--once', '-c', file]);
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('inputs: at least one input is required');
  });

  it('run --once writes raw lines with codec text and ECS documents with codec json', async () => {
    const dir = await tempDir('codecs');
    const lines = ['{"level":"info","msg":"héllo \\"quoted\\""}', 'plain text\twith a tab', '', 'last line 😀'];
    await writeFile(path.join(dir, 'app.log'), `${lines.join('\r\n')}\n`);
    const file = await writeConfig(
      dir,
      `state_dir: ./state
inputs:
  - type: file
    include: ["./app.log"]
outputs:
  - type: file
    path: ./out/raw.log
    codec: text
  - type: file
    path: ./out/events.ndjson
`,
    );
    const result = await runCli(['run', '--once', '-c', file]);
    expect(result.code, result.stderr).toBe(0);
    // Empty lines make no event; CRLF line ends are framed away.
    const kept = lines.filter((line) => line !== '');
    expect(await readFile(path.join(dir, 'out', 'raw.log'), 'utf8')).toBe(`${kept.join('\n')}\n`);
    expect((await readEvents(path.join(dir, 'out', 'events.ndjson'))).map((event) => event.message)).toEqual(kept);
  });

  it('validate reports a missing model folder at its place and says how to provision it', async () => {
    const dir = await tempDir('validate-model');
    const file = await writeConfig(
      dir,
      `inputs:
  - type: file
    include: ["./app.log"]
processors:
  - type: ticket_tagger
    model: { path: ./models/not-there }
    labels: [{ name: billing, description: "charges" }]
outputs:
  - type: stdout
`,
    );
    const result = await runCli(['validate', '-c', file]);
    expect(result.code).toBe(78);
    expect(result.stderr).toMatch(/processors\[0\]\.model\.path: model folder .*not-there is missing or incomplete: run "npm run models" to provision it \(line 6, col 20\)/);
  });

  describe('V8 heap defaults of run', () => {
    // process.execve, which applies them without a second process, is in Node 22.15+ and 23.11+.
    const canReplace = typeof (process as { execve?: unknown }).execve === 'function';
    // The agent runs on this machine, under the same container memory limit (if any) as this test.
    const defaults = v8HeapDefaults(process.constrainedMemory());

    async function startedHeap(env: NodeJS.ProcessEnv): Promise<{ limit_mib: number; flags: string[] }> {
      const dir = await tempDir('heap-defaults');
      await writeFile(path.join(dir, 'app.log'), 'one line\n');
      const file = await writeConfig(dir, `log: { level: info }\ninputs:\n  - type: file\n    include: ["./app.log"]\noutputs:\n  - type: file\n    path: ./out.ndjson\n`);
      const result = await runCli(['run', '--once', '-c', file], { NODE_OPTIONS: '', SIDECAR_AI_V8_DEFAULTS: undefined, ...env });
      expect(result.code, result.stderr).toBe(0);
      const started = result.stderr.split('\n').find((line) => line.includes('"msg":"agent started"'));
      expect(started, result.stderr).toBeDefined();
      return (JSON.parse(started as string) as { heap: { limit_mib: number; flags: string[] } }).heap;
    }

    it.runIf(canReplace)('run applies them itself', async () => {
      expect((await startedHeap({})).flags).toEqual(defaults);
    });

    it.runIf(canReplace)('a flag in NODE_OPTIONS wins over the default for it', async () => {
      const heap = await startedHeap({ NODE_OPTIONS: '--max-old-space-size=1024' });
      expect(heap.flags).toEqual(defaults.filter((flag) => !flag.startsWith('--max-old-space-size')));
      expect(heap.limit_mib).toBeGreaterThan(1024);
    });

    it('SIDECAR_AI_V8_DEFAULTS=off leaves V8 its own sizing', async () => {
      expect((await startedHeap({ SIDECAR_AI_V8_DEFAULTS: 'off' })).flags).toEqual([]);
    });
  });
});
