import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AgentProcess, sleep, tempDir, waitFor, writeConfig, type OutputEvent } from '../helpers/agent-process.js';
import { fileToFileConfig } from '../helpers/configs.js';
import { LineLedger } from '../helpers/line-ledger.js';
import { fillUp, mountTmpfs, tmpfsUnavailable, unmount } from '../helpers/tmpfs.js';

const KiB = 1024;
const MiB = 1024 * KiB;

const mounts: string[] = [];
afterAll(() => {
  for (const mount of mounts.splice(0)) unmount(mount);
});

async function smallDisk(dir: string, bytes: number): Promise<string> {
  const mount = path.join(dir, 'mnt');
  mountTmpfs(mount, bytes);
  mounts.push(mount);
  return mount;
}

/** The input offset the file input's checkpoint has saved (one followed file). */
function committedOffset(stateDir: string): number {
  try {
    const state = JSON.parse(readFileSync(path.join(stateDir, 'checkpoints', 'file-app.json'), 'utf8')) as { files: Record<string, { offset: number }> };
    return Object.values(state.files)[0]?.offset ?? 0;
  } catch {
    return 0;
  }
}

/** The complete lines of the output (a write may be under way at its end); `torn` are those that are not JSON. */
function outputLines(file: string): { events: OutputEvent[]; torn: string[]; text: string } {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const events: OutputEvent[] = [];
  const torn: string[] = [];
  for (const line of text.slice(0, text.lastIndexOf('\n') + 1).split('\n')) {
    if (line === '') continue;
    try {
      events.push(JSON.parse(line) as OutputEvent);
    } catch {
      torn.push(line.slice(0, 200));
    }
  }
  return { events, torn, text };
}

/** Every input line the checkpoint has saved a position past must already be in the output. */
function expectCheckpointWithinOutput(log: string, stateDir: string, ledger: LineLedger, out: string): number {
  const offset = committedOffset(stateDir);
  const input = readFileSync(log).subarray(0, offset);
  let covered = 0;
  for (let at = input.indexOf(0x0a); at >= 0; at = input.indexOf(0x0a, at + 1)) covered++;
  const missing = ledger.check(outputLines(out).events).missing.filter((seq) => seq < covered);
  expect(missing.slice(0, 10), `lines 0..${covered - 1} are checkpointed`).toEqual([]);
  return covered;
}

describe.skipIf(tmpfsUnavailable !== undefined)('a disk that fills up', () => {
  it('output disk full: keeps running, names the file, loses no line, tears none, never checkpoints past the output', async () => {
    const dir = await tempDir('disk-full');
    const mount = await smallDisk(dir, 4 * MiB);
    try {
      mkdirSync(path.join(dir, 'logs'));
      const log = path.join(dir, 'logs', 'app.log');
      const out = path.join(mount, 'out', 'events.ndjson');
      const filler = path.join(mount, 'filler');
      const stateDir = path.join(dir, 'state');
      // Room for a few batches only: the disk runs out while the agent writes.
      fillUp(filler, 512 * KiB);
      const config = await writeConfig(dir, fileToFileConfig(dir, { output: out }));
      const ledger = new LineLedger('full');
      ledger.append(log, 10);

      let agent = AgentProcess.start(['run', '-c', config]);
      await agent.waitForLog('following file');
      const failure = `cannot write ${out}: ENOSPC`;
      await waitFor(
        async () => {
          if (agent.stderr.includes(failure)) return true;
          ledger.append(log, 200);
          return false;
        },
        30_000,
        `an error naming ${out}`,
      );
      // Checkpoint rounds go on (every 200 ms) while the output is stuck: none may cover lines the output lacks.
      await sleep(1000);
      expect(agent.child.exitCode).toBeNull();
      expectCheckpointWithinOutput(log, stateDir, ledger, out);

      await agent.stop('SIGKILL');
      expectCheckpointWithinOutput(log, stateDir, ledger, out);
      agent = AgentProcess.start(['run', '-c', config]);
      await agent.waitForLog(failure);
      ledger.append(log, 500);
      rmSync(filler);

      await waitFor(async () => ledger.check(outputLines(out).events).missing.length === 0, 30_000, 'every line in the output');
      const end = statSync(log).size;
      await waitFor(async () => committedOffset(stateDir) === end, 10_000, 'a checkpoint at the end of the input');
      const finished = await agent.stop();
      expect(finished.code, finished.stderr.slice(-3000)).toBe(0);
      const result = outputLines(out);
      expect(result.torn).toEqual([]);
      expect(result.text.endsWith('\n')).toBe(true);
      const check = ledger.check(result.events);
      expect(check.missing).toEqual([]);
      expect(check.foreign).toBe(0);
      expectCheckpointWithinOutput(log, stateDir, ledger, out);
      console.log(`disk-full test: ${ledger.written} lines, ${check.duplicates} duplicates`);
    } finally {
      unmount(mount);
    }
  });

  it('state_dir disk full: checkpoint writes fail and are retried, delivery goes on, the checkpoint is saved once there is room', async () => {
    const dir = await tempDir('state-full');
    const mount = await smallDisk(dir, 1 * MiB);
    try {
      mkdirSync(path.join(dir, 'logs'));
      const log = path.join(dir, 'logs', 'app.log');
      const out = path.join(dir, 'out', 'events.ndjson');
      const stateDir = path.join(mount, 'state');
      const filler = path.join(mount, 'filler');
      const config = await writeConfig(dir, fileToFileConfig(dir, { stateDir }));
      const ledger = new LineLedger('state');
      ledger.append(log, 100);

      const agent = AgentProcess.start(['run', '-c', config]);
      await waitFor(async () => committedOffset(stateDir) === statSync(log).size, 15_000, 'a first checkpoint');
      fillUp(filler);
      ledger.append(log, 500);
      await agent.waitForLog('checkpoint failed');
      // The error names the checkpoint file, and no half-written temp file is left to fill the disk further.
      expect(agent.stderr).toContain(`cannot write ${path.join(stateDir, 'checkpoints', 'file-app.json')}: ENOSPC`);
      expect(existsSync(path.join(stateDir, 'checkpoints', 'file-app.json.tmp'))).toBe(false);
      await waitFor(async () => ledger.check(outputLines(out).events).missing.length === 0, 30_000, 'every line delivered while no checkpoint can be saved');
      expect(committedOffset(stateDir)).toBeLessThan(statSync(log).size);

      rmSync(filler);
      const end = statSync(log).size;
      await waitFor(async () => committedOffset(stateDir) === end, 10_000, 'the checkpoint saved once there is room');
      const finished = await agent.stop();
      expect(finished.code, finished.stderr.slice(-3000)).toBe(0);
      const check = ledger.check(outputLines(out).events);
      expect(check.missing).toEqual([]);
      expect(check.duplicates).toBe(0);
    } finally {
      unmount(mount);
    }
  });
});
