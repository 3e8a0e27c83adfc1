import { appendFileSync, mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEvents, runCli, tempDir, writeConfig } from '../helpers/agent-process.js';
import { fileToFileConfig } from '../helpers/configs.js';

describe('checkpoints across runs', () => {
  it('resumes where it stopped and restarts truncated or replaced files from 0', async () => {
    const dir = await tempDir('resume');
    mkdirSync(path.join(dir, 'logs'));
    const log = path.join(dir, 'logs', 'app.log');
    const out = path.join(dir, 'out', 'events.ndjson');
    const config = await writeConfig(dir, fileToFileConfig(dir));
    const once = async () => {
      const result = await runCli(['run', '--once', '-c', config]);
      expect(result.code, result.stderr).toBe(0);
      return (await readEvents(out)).map((e) => e.message);
    };

    writeFileSync(log, 'one\ntwo\nthree\npartial');
    expect(await once()).toEqual(['one', 'two', 'three']);
    appendFileSync(log, ' line\nfour\n');
    expect(await once()).toEqual(['one', 'two', 'three', 'partial line', 'four']);

    // copytruncate while the agent was down: shorter than the checkpoint, read from 0
    truncateSync(log, 0);
    writeFileSync(log, 'fresh\n');
    expect((await once()).slice(5)).toEqual(['fresh']);

    // replaced by a new file with different content (whatever inode it gets): read from 0, not from the old offset
    rmSync(log);
    writeFileSync(log, 'replacement one\nreplacement two\n');
    expect((await once()).slice(6)).toEqual(['replacement one', 'replacement two']);

    const checkpoint = JSON.parse(readFileSync(path.join(dir, 'state', 'checkpoints', 'file-app.json'), 'utf8')) as { files: Record<string, { offset: number }> };
    expect(Object.values(checkpoint.files).map((f) => f.offset)).toEqual([32]);
  });

  it('start_at: end skips the existing complete lines of files seen for the first time', async () => {
    const dir = await tempDir('start-end');
    mkdirSync(path.join(dir, 'logs'));
    const log = path.join(dir, 'logs', 'app.log');
    writeFileSync(log, 'old one\nold two\nold unfinished');
    const yaml = fileToFileConfig(dir).replace('    poll_interval:', '    start_at: end\n    poll_interval:');
    const config = await writeConfig(dir, yaml);
    const first = await runCli(['run', '--once', '-c', config]);
    expect(first.code, first.stderr).toBe(0);
    appendFileSync(log, ' line\nnew one\n');
    const second = await runCli(['run', '--once', '-c', config]);
    expect(second.code, second.stderr).toBe(0);
    expect((await readEvents(path.join(dir, 'out', 'events.ndjson'))).map((e) => e.message)).toEqual(['old unfinished line', 'new one']);
  });
});
