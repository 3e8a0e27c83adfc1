import { copyFileSync, mkdirSync, readFileSync, renameSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentProcess, readEvents, sleep, tempDir, waitFor, writeConfig } from '../helpers/agent-process.js';
import { fileToFileConfig } from '../helpers/configs.js';
import { LineLedger } from '../helpers/line-ledger.js';

const TOTAL = 20_000;
const PER_TICK = 100; // lines per write, every 5 ms: about 20,000 lines/s
/** Rotations each test needs; on a loaded machine the agent sees each new file later, so writing goes on. */
const MIN_ROTATIONS = 4;
const MAX_TOTAL = 100_000;

/**
 * Writes TOTAL lines at a steady rate (more, up to MAX_TOTAL, until MIN_ROTATIONS happened) and rotates
 * every `everyLines`, but only once the agent has read a line of the current file: a file renamed out of
 * the globs before the agent ever saw it cannot be followed by any shipper, and is not what these tests
 * are about.
 */
async function writeWithRotation(ledger: LineLedger, file: string, out: string, everyLines: number, rotate: (n: number) => void): Promise<number> {
  let rotations = 0;
  let sinceRotation = 0;
  let firstOfFile = ledger.written;
  while (ledger.written < TOTAL || (rotations < MIN_ROTATIONS && ledger.written < MAX_TOTAL)) {
    ledger.append(file, PER_TICK);
    sinceRotation += PER_TICK;
    if (sinceRotation >= everyLines && ledger.seenIn(readFileSync(out, { encoding: 'utf8', flag: 'a+' }), firstOfFile)) {
      rotate(++rotations);
      sinceRotation = 0;
      firstOfFile = ledger.written;
    }
    await sleep(5);
  }
  return rotations;
}

const COPY_RECOGNISED = 'recognised a copy of a truncated file';

function countOf(text: string, phrase: string): number {
  return text.split(phrase).length - 1;
}

describe('file input while the application rotates its log', () => {
  it('loses no line when the log is rotated by rename (old file finished, new one read from 0)', async () => {
    const dir = await tempDir('rename');
    mkdirSync(path.join(dir, 'logs'));
    mkdirSync(path.join(dir, 'out'));
    const log = path.join(dir, 'logs', 'app.log');
    const ledger = new LineLedger('rename');
    ledger.append(log, 10);
    const agent = AgentProcess.start(['run', '-c', await writeConfig(dir, fileToFileConfig(dir))]);
    await agent.waitForLog('following file');
    const out = path.join(dir, 'out', 'events.ndjson');
    const rotations = await writeWithRotation(ledger, log, out, 2500, (n) => renameSync(log, `${log}.${n}`));
    await waitFor(async () => ledger.check(await readEvents(out)).missing.length === 0, 30_000, 'every line in the output').catch(() => undefined);
    const finished = await agent.stop();
    const result = ledger.check(await readEvents(out));
    expect(rotations).toBeGreaterThanOrEqual(MIN_ROTATIONS);
    expect(result.missing.slice(0, 10), `exit ${finished.code} ${finished.signal}\n${finished.stderr.slice(-3000)}`).toEqual([]);
    expect(result.duplicates).toBe(0);
    expect(finished.code).toBe(0);
    // Depending on timing the old path is seen replaced or, between rename and re-creation, missing.
    expect(finished.stderr).toMatch(/file (rotated; finishing the old one|deleted; finishing it)/);
  });

  it('loses and repeats no line when the log is rotated by copytruncate and the globs match the copies', async () => {
    const dir = await tempDir('copytruncate');
    mkdirSync(path.join(dir, 'logs'));
    mkdirSync(path.join(dir, 'out'));
    const log = path.join(dir, 'logs', 'app.log');
    const ledger = new LineLedger('copytruncate');
    ledger.append(log, 10);
    // The copies are followed too (as when they stay uncompressed), so lines written just before a truncation
    // are found in the copy, which is recognised and read from where the original was read to; compressed
    // copies are excluded.
    const config = fileToFileConfig(dir, { include: [`${dir}/logs/app.log*`], exclude: ['*.gz'] });
    const agent = AgentProcess.start(['run', '-c', await writeConfig(dir, config)]);
    await agent.waitForLog('following file');
    const out = path.join(dir, 'out', 'events.ndjson');
    const rotations = await writeWithRotation(ledger, log, out, 2500, (n) => {
      copyFileSync(log, `${log}.${n}`);
      copyFileSync(log, `${log}.${n}.gz`);
      truncateSync(log, 0);
    });
    await waitFor(async () => ledger.check(await readEvents(out)).missing.length === 0, 30_000, 'every line in the output').catch(() => undefined);
    // The last copy holds only lines already read from the original, so the output can be complete while the
    // agent still holds that copy back, deciding: wait for its verdict too before stopping.
    await waitFor(async () => countOf(agent.stderr, COPY_RECOGNISED) >= rotations, 30_000, 'a verdict on every copy').catch(() => undefined);
    const finished = await agent.stop();
    const result = ledger.check(await readEvents(out));
    expect(rotations).toBeGreaterThanOrEqual(MIN_ROTATIONS);
    expect(result.missing.slice(0, 10), `exit ${finished.code} ${finished.signal}\n${finished.stderr.slice(-3000)}`).toEqual([]);
    // No copy is read again from its start: each continues where its original was read to.
    expect(result.duplicates, finished.stderr.slice(-3000)).toBe(0);
    expect(finished.code).toBe(0);
    expect(finished.stderr).toContain('file truncated');
    expect(countOf(finished.stderr, COPY_RECOGNISED)).toBe(rotations);
    const gz = (await readEvents(out)).filter((e) => e.log?.file?.path?.endsWith('.gz'));
    expect(gz).toEqual([]);
  });
});
