/**
 * Copies from copytruncate are recognised and continue where their original was read to; new files that
 * merely start like a followed one (a CSV header, a start-up banner) are never taken for copies and are
 * read whole from their first line.
 */
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentProcess, readEvents, tempDir, waitFor, writeConfig, type OutputEvent } from '../helpers/agent-process.js';
import { fileToFileConfig } from '../helpers/configs.js';
import { LineLedger } from '../helpers/line-ledger.js';

const CSV_HEADER = 'timestamp,level,service,message';
/** A start-up banner longer than the 1 KiB head the agent compares files by. */
const BANNER = Array.from({ length: 24 }, (_, i) => `banner line ${String(i).padStart(2, '0')}: ${'='.repeat(50)}`);

function rows(name: string, from: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `2026-01-01T00:00:${String((from + i) % 60).padStart(2, '0')}Z,info,${name},row ${from + i} of ${name}`);
}

function write(file: string, lines: string[]): void {
  appendFileSync(file, lines.map((l) => `${l}\n`).join(''));
}

/** The messages delivered from `file`, in output order. */
function messagesOf(events: OutputEvent[], file: string): string[] {
  return events.filter((e) => e.log?.file?.path === file).map((e) => e.message);
}

async function startAgent(dir: string, include: string[]): Promise<{ agent: AgentProcess; out: string }> {
  const agent = AgentProcess.start(['run', '-c', await writeConfig(dir, fileToFileConfig(dir, { include }))]);
  await agent.waitForLog('following file');
  return { agent, out: path.join(dir, 'out', 'events.ndjson') };
}

async function setup(prefix: string): Promise<string> {
  const dir = await tempDir(prefix);
  mkdirSync(path.join(dir, 'logs'));
  mkdirSync(path.join(dir, 'out'));
  return dir;
}

describe('file input: copies and look-alike new files', () => {
  it('reads a new file whole that starts with the same 1 KiB banner as a followed file (no truncation)', async () => {
    const dir = await setup('banner');
    const a = path.join(dir, 'logs', 'a.log');
    const b = path.join(dir, 'logs', 'b.log');
    const aLines = [...BANNER, ...rows('a', 0, 200)];
    write(a, aLines);
    const { agent, out } = await startAgent(dir, [`${dir}/logs/*.log`]);
    await waitFor(async () => messagesOf(await readEvents(out), a).length === aLines.length, 30_000, 'a.log delivered');

    const bLines = [...BANNER, ...rows('b', 0, 200)];
    write(b, bLines);
    await waitFor(async () => messagesOf(await readEvents(out), b).length >= bLines.length, 30_000, 'b.log delivered');
    const finished = await agent.stop();
    const events = await readEvents(out);
    expect(messagesOf(events, b), finished.stderr.slice(-3000)).toEqual(bLines);
    expect(messagesOf(events, a)).toEqual(aLines);
    expect(finished.stderr).not.toContain('recognised a copy');
    expect(finished.stderr).toContain('no truncation of it followed (not a copy)');
    expect(finished.code).toBe(0);
  });

  it('reads new files with the same CSV header whole while the followed one is truncated nearby', async () => {
    const dir = await setup('csv');
    const a = path.join(dir, 'logs', 'a.csv');
    const b = path.join(dir, 'logs', 'b.csv');
    const c = path.join(dir, 'logs', 'c.csv');
    const aBefore = [CSV_HEADER, ...rows('a', 0, 100)];
    write(a, aBefore);
    const { agent, out } = await startAgent(dir, [`${dir}/logs/*.csv`]);
    await waitFor(async () => messagesOf(await readEvents(out), a).length === aBefore.length, 30_000, 'a.csv delivered');

    // b.csv appears with just the header (so far a prefix of a.csv), a.csv is truncated and written again
    // from its header, c.csv appears right after the truncation; then both new files get their rows.
    write(b, [CSV_HEADER]);
    truncateSync(a, 0);
    // Shorter than before, so the truncation shows in the size whenever the agent looks.
    const aAfter = [CSV_HEADER, ...rows('a', 100, 30)];
    write(a, aAfter);
    const cLines = [CSV_HEADER, ...rows('c', 0, 100)];
    write(c, cLines);
    const bLines = [CSV_HEADER, ...rows('b', 0, 100)];
    write(b, bLines.slice(1));

    const done = async () => {
      const events = await readEvents(out);
      return messagesOf(events, b).length >= bLines.length && messagesOf(events, c).length >= cLines.length && messagesOf(events, a).length >= aBefore.length + aAfter.length;
    };
    await waitFor(done, 30_000, 'b.csv, c.csv and the rewritten a.csv delivered');
    const finished = await agent.stop();
    const events = await readEvents(out);
    expect(messagesOf(events, b), finished.stderr.slice(-3000)).toEqual(bLines);
    expect(messagesOf(events, c)).toEqual(cLines);
    expect(messagesOf(events, a)).toEqual([...aBefore, ...aAfter]);
    expect(finished.stderr).not.toContain('recognised a copy');
    expect(finished.stderr).toContain('file truncated');
    expect(finished.code).toBe(0);
  });

  it('continues a copy made while the agent was stopped where the checkpoint was, reading the rest', async () => {
    const dir = await setup('copy-restart');
    const log = path.join(dir, 'logs', 'app.log');
    const ledger = new LineLedger('restart-copy');
    ledger.append(log, 500);
    const config = await writeConfig(dir, fileToFileConfig(dir, { include: [`${dir}/logs/app.log*`] }));
    const out = path.join(dir, 'out', 'events.ndjson');
    let agent = AgentProcess.start(['run', '-c', config]);
    await waitFor(async () => ledger.check(await readEvents(out)).missing.length === 0, 30_000, 'the first lines delivered');
    let finished = await agent.stop();
    expect(finished.code).toBe(0);
    const checkpoint = readFileSync(path.join(dir, 'state', 'checkpoints', 'file-app.json'), 'utf8');
    expect(checkpoint).toContain('"sample"');

    // While the agent is down: more lines, copytruncate, and lines in the emptied log.
    ledger.append(log, 300);
    copyFileSync(log, `${log}.1`);
    truncateSync(log, 0);
    ledger.append(log, 200);
    agent = AgentProcess.start(['run', '-c', config]);
    await waitFor(async () => ledger.check(await readEvents(out)).missing.length === 0, 30_000, 'every line delivered');
    finished = await agent.stop();
    const result = ledger.check(await readEvents(out));
    expect(result.missing.slice(0, 10), finished.stderr.slice(-3000)).toEqual([]);
    expect(result.duplicates).toBe(0);
    expect(finished.stderr).toContain('recognised a copy of a truncated file');
    expect(finished.code).toBe(0);
  });

  it('reads a copy whole when what the original held does not verify (samples differ)', async () => {
    const dir = await setup('copy-refused');
    const log = path.join(dir, 'logs', 'app.log');
    const ledger = new LineLedger('refused');
    ledger.append(log, 500);
    const { agent, out } = await startAgent(dir, [`${dir}/logs/app.log*`]);
    await waitFor(async () => ledger.check(await readEvents(out)).missing.length === 0, 30_000, 'the first lines delivered');

    // Same first KiB as app.log, then different bytes: a new file that starts like it, not a copy.
    const original = readFileSync(log);
    const lookAlike = Buffer.concat([original.subarray(0, 2048), Buffer.from('\n'), Buffer.from(rows('other', 0, 2000).join('\n') + '\n')]);
    writeFileSync(`${log}.1`, lookAlike);
    truncateSync(log, 0);
    const expected = lookAlike.toString('utf8').split('\n').filter((l) => l !== '');
    await waitFor(async () => messagesOf(await readEvents(out), `${log}.1`).length >= expected.length, 30_000, 'the look-alike read whole');
    const finished = await agent.stop();
    expect(messagesOf(await readEvents(out), `${log}.1`), finished.stderr.slice(-3000)).toEqual(expected);
    expect(finished.stderr).toContain('which was truncated, but the bytes before offset');
    expect(finished.code).toBe(0);
  });
});
