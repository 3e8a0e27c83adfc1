import { copyFileSync, mkdirSync, renameSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentProcess, readEvents, sleep, tempDir, waitFor, writeConfig } from './helpers/agent-process.js';
import { fileToFileConfig } from './helpers/configs.js';
import { LineLedger } from './helpers/line-ledger.js';

const TOTAL = 20_000;
const PER_TICK = 100; // lines per write, every 5 ms: about 20,000 lines/s

async function writeWithRotation(ledger: LineLedger, file: string, everyLines: number, rotate: (n: number) => void): Promise<number> {
  let rotations = 0;
  let sinceRotation = 0;
  while (ledger.written < TOTAL) {
    ledger.append(file, PER_TICK);
    sinceRotation += PER_TICK;
    if (sinceRotation >= everyLines) {
      rotate(++rotations);
      sinceRotation = 0;
    }
    await sleep(5);
  }
  return rotations;
}

describe('file input while the application rotates its log', () => {
  it('loses no line when the log is rotated by rename (old file finished, new one read from 0)', async () => {
    const dir = await tempDir('rename');
    mkdirSync(path.join(dir, 'logs'));
    const log = path.join(dir, 'logs', 'app.log');
    const ledger = new LineLedger('rename');
    ledger.append(log, 10);
    const agent = AgentProcess.start(['run', '-c', await writeConfig(dir, fileToFileConfig(dir))]);
    await agent.waitForLog('following file');
    const rotations = await writeWithRotation(ledger, log, 3000, (n) => renameSync(log, `${log}.${n}`));
    const out = path.join(dir, 'out', 'events.ndjson');
    await waitFor(async () => ledger.check(await readEvents(out)).missing.length === 0, 30_000, 'every line in the output').catch(() => undefined);
    const finished = await agent.stop();
    const result = ledger.check(await readEvents(out));
    expect(rotations).toBeGreaterThanOrEqual(5);
    expect(result.missing.slice(0, 10), `exit ${finished.code} ${finished.signal}\n${finished.stderr.slice(-3000)}`).toEqual([]);
    expect(result.duplicates).toBe(0);
    expect(finished.code).toBe(0);
    expect(finished.stderr).toContain('file rotated; finishing the old one');
  });

  it('loses no line when the log is rotated by copytruncate (truncation detected, file re-read from 0)', async () => {
    const dir = await tempDir('copytruncate');
    mkdirSync(path.join(dir, 'logs'));
    const log = path.join(dir, 'logs', 'app.log');
    const ledger = new LineLedger('copytruncate');
    ledger.append(log, 10);
    // The copies are followed too (as when they stay uncompressed), so lines written just before a truncation
    // are found in the copy; compressed copies are excluded.
    const config = fileToFileConfig(dir, { include: [`${dir}/logs/app.log*`], exclude: ['*.gz'] });
    const agent = AgentProcess.start(['run', '-c', await writeConfig(dir, config)]);
    await agent.waitForLog('following file');
    let copiedLines = 0;
    const rotations = await writeWithRotation(ledger, log, 3000, (n) => {
      copyFileSync(log, `${log}.${n}`);
      copyFileSync(log, `${log}.${n}.gz`);
      truncateSync(log, 0);
      copiedLines += 3000;
    });
    const out = path.join(dir, 'out', 'events.ndjson');
    await waitFor(async () => ledger.check(await readEvents(out)).missing.length === 0, 30_000, 'every line in the output').catch(() => undefined);
    const finished = await agent.stop();
    const result = ledger.check(await readEvents(out));
    expect(rotations).toBeGreaterThanOrEqual(5);
    expect(result.missing.slice(0, 10), `exit ${finished.code} ${finished.signal}\n${finished.stderr.slice(-3000)}`).toEqual([]);
    // Every duplicate comes from a copy: bounded by the lines the copies hold.
    expect(result.duplicates).toBeLessThanOrEqual(copiedLines + 10 * rotations);
    expect(finished.code).toBe(0);
    expect(finished.stderr).toContain('file truncated');
    const gz = (await readEvents(out)).filter((e) => e.log?.file?.path?.endsWith('.gz'));
    expect(gz).toEqual([]);
  });
});
