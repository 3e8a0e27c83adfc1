import { mkdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentProcess, readEvents, sleep, tempDir, waitFor, writeConfig } from '../helpers/agent-process.js';
import { fileToFileConfig } from '../helpers/configs.js';
import { LineLedger } from '../helpers/line-ledger.js';

describe('kill -9 and restart while the application writes and rotates', () => {
  it('delivers every line at least once; duplicates stay within what was unsaved at each kill', async () => {
    const dir = await tempDir('crash');
    mkdirSync(path.join(dir, 'logs'));
    mkdirSync(path.join(dir, 'out'));
    const log = path.join(dir, 'logs', 'app.log');
    const out = path.join(dir, 'out', 'events.ndjson');
    const config = await writeConfig(dir, fileToFileConfig(dir));
    const ledger = new LineLedger('crash');
    ledger.append(log, 100);

    let agent = AgentProcess.start(['run', '-c', config]);
    await agent.waitForLog('following file');
    let rotations = 0;
    const kills = 4;
    const seen = (seq: number) => ledger.seenIn(readFileSync(out, { encoding: 'utf8', flag: 'a+' }), seq);
    for (let round = 0; round < kills; round++) {
      // Rotate by rename and keep writing at ~10,000 lines/s. Once the agent has read from the new file and
      // had a checkpoint interval to record it, write on for a moment and kill it without warning.
      renameSync(log, `${log}.${++rotations}`);
      const firstOfFile = ledger.written;
      while (!seen(firstOfFile)) {
        ledger.append(log, 50);
        await sleep(5);
      }
      for (let i = 0; i < 60; i++) {
        ledger.append(log, 50);
        await sleep(5);
      }
      await agent.stop('SIGKILL');
      // While the agent is down the application keeps writing and rotates again: the rest of the old file
      // must be found by its inode after restart, and the new file read from its start.
      ledger.append(log, 500);
      renameSync(log, `${log}.${++rotations}`);
      ledger.append(log, 200);
      agent = AgentProcess.start(['run', '-c', config]);
      const lastBeforeRestart = ledger.written - 1;
      while (!seen(lastBeforeRestart)) await sleep(20);
    }
    await waitFor(async () => ledger.check(await readEvents(out)).missing.length === 0, 30_000, 'every line in the output').catch(() => undefined);
    const finished = await agent.stop();
    const result = ledger.check(await readEvents(out));
    expect(result.missing.slice(0, 10), finished.stderr.slice(-3000)).toEqual([]);
    expect(result.foreign).toBe(0);
    // Each kill can repeat at most what was delivered after the last checkpoint (200 ms) plus the batches in
    // flight: fewer lines than were written in the round before it.
    expect(result.duplicates).toBeLessThanOrEqual(ledger.written / 2);
    expect(finished.code).toBe(0);
    expect(finished.stderr).toContain('found a file rotated while stopped');
    console.log(`crash test: ${ledger.written} lines, ${kills} kills, ${rotations} rotations, ${result.duplicates} duplicates`);
  });
});
