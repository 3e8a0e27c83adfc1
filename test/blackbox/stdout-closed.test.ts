/**
 * `sidecar-ai run | head -1`: the reader of the agent's stdout goes away. The agent must not crash on the
 * broken pipe: the writes fail and are retried (nothing is acknowledged, so nothing is lost), and a stop
 * still goes through its grace period and exits.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentProcess, sleep, tempDir, waitFor, writeConfig } from '../helpers/agent-process.js';

describe('stdout output whose reader went away', () => {
  it('keeps running and retrying instead of dying of EPIPE', async () => {
    const dir = await tempDir('stdout-closed');
    mkdirSync(path.join(dir, 'logs'));
    const log = path.join(dir, 'logs', 'app.log');
    writeFileSync(log, 'first\n');
    const config = await writeConfig(
      dir,
      `state_dir: ./state
pipeline: { shutdown_timeout: 1s }
inputs:
  - type: file
    include: ["./logs/*.log"]
    poll_interval: 100ms
outputs:
  - type: stdout
    codec: text
`,
    );
    const agent = AgentProcess.start(['run', '-c', config], {}, { consumeStdout: false });
    const firstLine = await new Promise<string>((resolve) => agent.child.stdout?.once('data', (d: Buffer) => resolve(d.toString())));
    expect(firstLine).toBe('first\n');
    agent.child.stdout?.destroy(); // the reader exits, like `head -1`
    for (let i = 0; i < 20; i++) {
      appendFileSync(log, `line ${i}\n`);
      await sleep(50);
    }
    await waitFor(async () => agent.stderr.includes('output write failed; retrying'), 15_000, 'the failed write to be retried');
    expect(agent.stderr).toContain('EPIPE');
    expect(agent.child.exitCode).toBeNull();
    const finished = await agent.stop();
    // Undelivered batches at the end of the grace period: exit 1, and they are read again after a restart.
    expect(finished.code).toBe(1);
    expect(finished.signal).toBeNull();
  });
});
