/**
 * `sidecar-ai models list|pull` and `sidecar-ai anomaly export` as operators run them. A folder that
 * already holds the model shows that pull, list and the version stamp agree; one pull from Maven Central
 * into an empty folder and an empty local Maven repository (about 16 MiB, plus the Maven plugin it needs)
 * shows the byte progress operators see in their logs.
 */
import { existsSync, statSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODEL_CATALOG, type CatalogModel } from '../../models/catalog.js';
import { repositoryPath } from '../../models/maven-download-progress.js';
import { runCli, tempDir, writeConfig } from '../helpers/agent-process.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MODEL = path.join(ROOT, 'models', 'all-minilm-l6-v2');

describe('sidecar-ai models', () => {
  it('list shows a model missing from an empty folder, and where it would live', async () => {
    const dir = await tempDir('models-empty');
    const result = await runCli(['models', 'list', '--dir', dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^NAME +STATE +SIZE +VERSION +FOLDER +SOURCE$/m);
    expect(result.stdout).toMatch(new RegExp(`^all-minilm-l6-v2 +missing +- +- +${path.join(dir, 'all-minilm-l6-v2')} +maven:dev\\.langchain4j:`, 'm'));
  });

  it('pull finds a provisioned copy in --dir, and list shows the same size and version stamp as the original', async () => {
    const dir = await tempDir('models-copy');
    await cp(MODEL, path.join(dir, 'all-minilm-l6-v2'), { recursive: true });
    const original = await runCli(['models', 'list']);
    const stamp = /all-minilm-l6-v2 +present +(\S+ MiB) +(all-minilm-l6-v2@[0-9a-f]{8})/.exec(original.stdout);
    expect(stamp, original.stdout).not.toBeNull();
    const pull = await runCli(['models', 'pull', 'all-minilm-l6-v2', '--dir', dir]);
    expect(pull.code, pull.stderr).toBe(0);
    // Not a terminal: plain lines, no carriage returns or escape sequences.
    expect(pull.stdout).toBe(`all-minilm-l6-v2: already in ${path.join(dir, 'all-minilm-l6-v2')} (${stamp?.[1]}, ${stamp?.[2]})\n`);
    const list = await runCli(['models', 'list', '--dir', dir]);
    expect(list.stdout).toContain(`present  ${stamp?.[1]}  ${stamp?.[2]}`);
  });

  it('pull into an empty folder, with an empty local Maven repository, logs the bytes of the jar as they arrive', async () => {
    const dir = await tempDir('models-pull');
    const repo = path.join(dir, 'maven-repository');
    const model = MODEL_CATALOG[0] as CatalogModel;
    const pull = await runCli(['models', 'pull', model.name, '--dir', path.join(dir, 'models')], { MAVEN_OPTS: `-Dmaven.repo.local=${repo}` });
    expect(pull.code, pull.stderr).toBe(0);
    const jar = path.posix.basename(repositoryPath(model.maven));
    const lines = pull.stdout.split('\n');
    // Not a terminal: plain lines, a first one with the size, then one per tenth passed, ending at the full size.
    expect(pull.stdout).not.toContain('\r');
    expect(pull.stdout).not.toContain('\u001b');
    expect(lines).toContain(`${model.name}: downloading ${jar} (15.7 MiB)`);
    const progress = lines.filter((line) => line.startsWith(`${model.name}: ${jar} `));
    expect(progress.length, pull.stdout).toBeGreaterThan(0);
    const shares = progress.map((line) => Number(/\((\d+) %\)$/.exec(line)?.[1]));
    expect(shares).toEqual([...shares].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(`${model.name}: ${jar} 15.7 MiB / 15.7 MiB (100 %)`);
    // The full size is reported before Maven's own "downloaded" line, and the catalog's total is the jar's real size.
    expect(lines.indexOf(progress.at(-1) as string)).toBeLessThan(lines.findIndex((line) => line.startsWith(`${model.name}: downloaded ${jar} (`)));
    expect(statSync(path.join(repo, repositoryPath(model.maven))).size).toBe(model.maven.bytes);
    expect(lines.at(-2)).toMatch(new RegExp(`^${model.name}: fetched from Maven Central into `));
  });

  it('pull refuses a name that is not in the catalog', async () => {
    const result = await runCli(['models', 'pull', 'no-such-model', '--dir', await tempDir('models-unknown')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('[MODEL_UNKNOWN] no catalog model "no-such-model" (catalog: all-minilm-l6-v2)');
  });
});

describe('sidecar-ai anomaly export', () => {
  it('exports the forest a run trained to ONNX', async () => {
    const dir = await tempDir('anomaly-export');
    const config = await writeConfig(
      dir,
      `state_dir: ./state
log: { level: warn }
inputs:
  - type: file
    include: ["${path.join(ROOT, 'config/examples/logs/payments.log')}"]
processors:
  - type: parse_json
  - type: anomaly
    id: payments
    features:
      - { field: transaction.amount, type: numeric, transform: log }
      - { field: transaction.merchant.category, type: categorical }
    warmup: 200
    trees: 20
    seed: 7
outputs:
  - type: file
    path: ./out.ndjson
`,
    );
    const run = await runCli(['run', '--once', '-c', config]);
    expect(run.code, run.stderr).toBe(0);
    const out = path.join(dir, 'forest.onnx');
    const result = await runCli(['anomaly', 'export', '--state', path.join(dir, 'state', 'anomaly', 'payments.json'), '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^${out}: 20 trees, \\d+ nodes, 2 features\\n$`));
    expect(existsSync(out)).toBe(true);
  });

  it('names a state file that does not exist', async () => {
    const result = await runCli(['anomaly', 'export', '--state', '/nonexistent/payments.json', '--out', '/tmp/x.onnx']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('[ANOMALY_EXPORT_FAILED] /nonexistent/payments.json: no such state file');
  });
});
