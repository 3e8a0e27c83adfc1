/**
 * http_threat's payload model is trained from its examples file when the processor is built: a reload with
 * the same config and the same file keeps the running model, and one where only the file's contents changed
 * retrains it.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentProcess, tempDir, waitFor, writeConfig } from '../helpers/agent-process.js';

const EXAMPLES = path.resolve(import.meta.dirname, '../../processors/http_threat/testdata/model-examples.jsonl');
const trainings = (agent: AgentProcess) => [...agent.stderr.matchAll(/payload model trained on (\d+) attack and (\d+) benign examples/g)].map((m) => `${m[1]}/${m[2]}`);

describe('http_threat payload model on reload', () => {
  it('keeps the model when nothing changed and retrains it when only the examples file changed', async () => {
    const dir = await tempDir('threat-model-reload');
    mkdirSync(path.join(dir, 'logs'));
    writeFileSync(path.join(dir, 'logs', 'access.log'), '');
    const examples = path.join(dir, 'examples.jsonl');
    copyFileSync(EXAMPLES, examples);
    const file = await writeConfig(
      dir,
      `state_dir: ${dir}/state
inputs:
  - { type: file, id: access, include: ["${dir}/logs/*.log"], poll_interval: 100ms }
processors:
  - { type: http_threat, id: threat, model: { examples_file: examples.jsonl } }
outputs:
  - { type: file, id: out, path: ${dir}/out.ndjson }
`,
    );
    const agent = AgentProcess.start(['run', '-c', file]);
    await agent.waitForLog('following file');
    const [first] = trainings(agent);
    expect(first).toBeDefined();

    agent.child.kill('SIGHUP');
    await agent.waitForLog('reload: config unchanged');
    expect(trainings(agent)).toHaveLength(1);

    writeFileSync(examples, `${readFileSync(examples, 'utf8')}{"label":"attack","class":"xss","uri":"/p?q=<svg onload=alert(1)>"}\n`);
    agent.child.kill('SIGHUP');
    await waitFor(async () => trainings(agent).length === 2, 15_000, 'a second training');
    await agent.waitForLog('reload applied');
    const [, second] = trainings(agent);
    expect(Number(second?.split('/')[0])).toBe(Number(first?.split('/')[0]) + 1);
    expect((await agent.stop()).code).toBe(0);
  });
});
