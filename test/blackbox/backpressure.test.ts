import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentProcess, sleep, tempDir, waitFor, writeConfig } from '../helpers/agent-process.js';
import { LineLedger } from '../helpers/line-ledger.js';

describe('a stuck output', () => {
  it('stops reading (bounded memory, no checkpoint past undelivered lines), then delivers everything', async () => {
    const dir = await tempDir('backpressure');
    mkdirSync(path.join(dir, 'logs'));
    const log = path.join(dir, 'logs', 'big.log');
    const ledger = new LineLedger('bp', 200);
    for (let i = 0; i < 40; i++) ledger.append(log, 10_000); // 400,000 lines, about 90 MiB
    const config = await writeConfig(
      dir,
      `state_dir: ${dir}/state
pipeline: { checkpoint_interval: 100ms, max_in_flight_batches: 4 }
inputs:
  - type: file
    id: big
    include: ["${dir}/logs/*.log"]
outputs:
  - type: stdout
`,
    );
    // Nobody reads the agent's stdout: the pipe fills, the output cannot finish a write.
    const agent = AgentProcess.start(['run', '-c', config], {}, { consumeStdout: false });
    const checkpointFile = path.join(dir, 'state', 'checkpoints', 'file-big.json');
    const committed = () => {
      try {
        const state = JSON.parse(readFileSync(checkpointFile, 'utf8')) as { files: Record<string, { offset: number }> };
        return Object.values(state.files)[0]?.offset ?? 0;
      } catch {
        return 0;
      }
    };
    await agent.waitForLog('following file');
    await sleep(3000);
    const stuckOffset = committed();
    const stuckRss = agent.rssMiB();
    const fileBytes = readFileSync(log).length;
    expect(stuckOffset).toBeLessThan(fileBytes / 10);
    expect(stuckRss).toBeLessThan(200);

    agent.readStdout();
    const expected = ledger.written;
    await waitFor(async () => agent.stdout.split('\n').length > expected, 60_000, 'all lines on stdout');
    await waitFor(async () => committed() === fileBytes, 10_000, 'checkpoint at the end of the file');
    const finished = await agent.stop();
    expect(finished.code).toBe(0);
    const events = agent.stdout.trim().split('\n').map((line) => JSON.parse(line) as { message: string });
    const result = ledger.check(events);
    expect(result.missing).toEqual([]);
    expect(result.duplicates).toBe(0);
  });
});
