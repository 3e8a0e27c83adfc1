import { randomBytes } from 'node:crypto';
import { mkdirSync, readlinkSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentProcess, readEvents, runCli, tempDir, waitFor, writeConfig } from '../helpers/agent-process.js';
import { fileToFileConfig } from '../helpers/configs.js';
import { LineLedger } from '../helpers/line-ledger.js';

const MiB = 1024 * 1024;

describe('inputs users do not control', () => {
  it('keeps 1 MiB lines whole, truncates and flags longer ones, survives binary junk and empty files', async () => {
    const dir = await tempDir('bad');
    mkdirSync(path.join(dir, 'logs'));
    const exact = 'a'.repeat(MiB);
    const huge = 'b'.repeat(3 * MiB);
    writeFileSync(path.join(dir, 'logs', 'long.log'), `before\n${exact}\n${huge}\r\nafter\n`);
    const junk = randomBytes(256 * 1024);
    writeFileSync(path.join(dir, 'logs', 'junk.log'), Buffer.concat([junk, Buffer.from('\nlast junk line\n')]));
    writeFileSync(path.join(dir, 'logs', 'empty.log'), '');
    writeFileSync(path.join(dir, 'logs', 'json.log'), '{"ok":true}\n{"broken":\n');
    const config = fileToFileConfig(dir, { processors: '[{ type: parse_json, when: { regexp: { "log.file.path": "json\\\\.log$" } } }]' });
    const run = await runCli(['run', '--once', '-c', await writeConfig(dir, config)]);
    expect(run.code, run.stderr).toBe(0);
    const events = await readEvents(path.join(dir, 'out', 'events.ndjson'));
    const from = (name: string) => events.filter((e) => e.log?.file?.path?.endsWith(name));

    const long = from('long.log');
    expect(long.map((e) => e.message.length)).toEqual([6, MiB, MiB, 5]);
    expect(long[1]?.message).toBe(exact);
    expect(long[1]?.log?.flags).toBeUndefined();
    expect(long[2]?.message).toBe('b'.repeat(MiB));
    expect(long[2]?.log?.flags).toEqual(['truncated']);
    expect(long[3]?.log?.offset).toBe(7 + MiB + 1 + 3 * MiB + 2);

    // Every newline-separated, non-empty segment of the junk becomes one event; nothing is lost.
    const segments = Buffer.concat([junk, Buffer.from('\nlast junk line\n')]).toString('latin1').split('\n').slice(0, -1).filter((s) => s !== '' && s !== '\r');
    const junkEvents = from('junk.log');
    expect(junkEvents).toHaveLength(segments.length);
    expect(junkEvents.at(-1)?.message).toBe('last junk line');

    expect(from('empty.log')).toEqual([]);
    const json = from('json.log');
    expect(json[0]).toMatchObject({ ok: true });
    expect(json[1]?.tags).toEqual(['_jsonparsefailure']);
  });

  it('finishes lines on which a pattern of the config would backtrack for hours', async () => {
    const dir = await tempDir('backtracking');
    mkdirSync(path.join(dir, 'logs'));
    // Each hostile line takes the backtracking engine about 2^64 steps: without the linear-time fallback
    // this run would not end.
    const hostile = ['a'.repeat(64), 'x'.repeat(64)];
    writeFileSync(path.join(dir, 'logs', 'app.log'), `${hostile.join('\n')}\nuser id: 42\n`);
    const processors = `[{ type: redact, detectors: [], patterns: [{ name: key, regex: '^(\\w+\\s?)*:' }], when: { not: { regexp: { message: '^(x+x+)+y' } } } }]`;
    const run = await runCli(['run', '--once', '-c', await writeConfig(dir, fileToFileConfig(dir, { processors }))]);
    expect(run.code, run.stderr).toBe(0);
    const events = await readEvents(path.join(dir, 'out', 'events.ndjson'));
    expect(events.map((e) => e.message)).toEqual([...hostile, '[REDACTED:key] 42']);
  });

  it('finishes a file deleted while it is read, then releases it', async () => {
    const dir = await tempDir('deleted');
    mkdirSync(path.join(dir, 'logs'));
    const log = path.join(dir, 'logs', 'doomed.log');
    const ledger = new LineLedger('deleted', 200);
    for (let i = 0; i < 20; i++) ledger.append(log, 10_000); // about 45 MiB
    const agent = AgentProcess.start(['run', '-c', await writeConfig(dir, fileToFileConfig(dir))]);
    const out = path.join(dir, 'out', 'events.ndjson');
    await waitFor(async () => (await readEvents(out)).length > 0, 15_000, 'first events');
    unlinkSync(log);
    const before = (await readEvents(out)).length;
    await waitFor(async () => ledger.check(await readEvents(out)).missing.length === 0, 60_000, 'every line of the deleted file');
    await agent.waitForLog('released rotated or deleted file');
    const openDeleted = readdirSync(`/proc/${agent.pid}/fd`).filter((fd) => {
      try {
        return readlinkSync(`/proc/${agent.pid}/fd/${fd}`).includes('doomed.log');
      } catch {
        return false;
      }
    });
    const finished = await agent.stop();
    expect(before).toBeLessThan(ledger.written); // it really was deleted mid-read
    expect(ledger.check(await readEvents(out)).duplicates).toBe(0);
    expect(openDeleted).toEqual([]);
    expect(finished.code).toBe(0);
    expect(finished.stderr).toContain('file deleted; finishing it');
  });
});

describe('places the agent cannot write', () => {
  it('names state_dir when it cannot be created, and exits', async () => {
    const dir = await tempDir('state-blocked');
    writeFileSync(path.join(dir, 'state'), 'a file where the state directory should be');
    const run = await runCli(['run', '--once', '-c', await writeConfig(dir, fileToFileConfig(dir))]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`state_dir ${dir}/state: EEXIST`);
  });

  it('keeps retrying an output file it cannot write, naming it, and delivers once it can', async () => {
    const dir = await tempDir('output-blocked');
    mkdirSync(path.join(dir, 'logs'));
    writeFileSync(path.join(dir, 'logs', 'app.log'), 'one\ntwo\n');
    writeFileSync(path.join(dir, 'out'), 'a file where the output directory should be');
    const agent = AgentProcess.start(['run', '-c', await writeConfig(dir, fileToFileConfig(dir))]);
    await agent.waitForLog(`cannot write ${dir}/out/events.ndjson: EEXIST`);
    unlinkSync(path.join(dir, 'out'));
    await waitFor(async () => (await readEvents(path.join(dir, 'out', 'events.ndjson'))).length === 2, 30_000, 'both events once the way is clear');
    const finished = await agent.stop();
    expect(finished.code).toBe(0);
  });
});
