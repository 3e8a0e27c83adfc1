/**
 * The file input's gauge on the agent's /metrics: bytes of its files beyond what was delivered.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentProcess, readEvents, tempDir, waitFor, writeConfig } from '../helpers/agent-process.js';
import { fileToFileConfig } from '../helpers/configs.js';

async function behindBytes(base: string): Promise<string | undefined> {
  const metrics = await (await fetch(`${base}/metrics`)).text();
  return /^sidecar_file_input_behind_bytes\{component="app"\} (\d+)$/m.exec(metrics)?.[1];
}

describe('sidecar_file_input_behind_bytes', () => {
  it('is scraped per file input and drops to 0 once everything is delivered', async () => {
    const dir = await tempDir('file-metrics');
    mkdirSync(path.join(dir, 'logs'));
    mkdirSync(path.join(dir, 'out'));
    appendFileSync(path.join(dir, 'logs', 'app.log'), 'one\ntwo\nthree\n');
    const config = `telemetry: { listen: "127.0.0.1:0" }\n${fileToFileConfig(dir)}`;
    const agent = AgentProcess.start(['run', '-c', await writeConfig(dir, config)]);
    await agent.waitForLog('telemetry endpoints listening');
    const port = /"port":(\d+)[^\n]*telemetry endpoints listening/.exec(agent.stderr)?.[1];
    const base = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await readEvents(path.join(dir, 'out', 'events.ndjson'))).length === 3, 15_000, 'three events out');
    await waitFor(async () => (await behindBytes(base)) === '0', 15_000, 'nothing behind');
    const finished = await agent.stop();
    expect(finished.code).toBe(0);
  });
});
