import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PathMatcher } from './discovery.js';
import { NewFileWatch } from './new-file-watch.js';

const WAIT = { timeout: 10_000, interval: 20 };

const watches: NewFileWatch[] = [];
afterEach(() => {
  for (const watch of watches.splice(0)) watch.close();
});

/** Starts a watch of `include` (relative to `dir`); the returned list collects the reported files, relative to `dir`. */
async function watching(dir: string, include: string[], exclude: string[] = []): Promise<{ watch: NewFileWatch; reported: string[] }> {
  const reported: string[] = [];
  const watch = new NewFileWatch(
    new PathMatcher(include, exclude, dir),
    (file) => reported.push(path.relative(dir, file)),
    (error) => {
      throw error;
    },
  );
  watches.push(watch);
  await watch.start();
  return { watch, reported };
}

describe('new file watch', () => {
  it('reports matching files as they are created or renamed in, and none that do not match', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'new-file-watch-'));
    writeFileSync(path.join(dir, 'app.tmp'), 'x\n');
    const { reported } = await watching(dir, ['*.log*'], ['skip-*']);
    writeFileSync(path.join(dir, 'skip-me.log'), 'x\n');
    writeFileSync(path.join(dir, 'notes.txt'), 'x\n');
    writeFileSync(path.join(dir, 'app.log'), 'x\n');
    renameSync(path.join(dir, 'app.tmp'), path.join(dir, 'app.log.1'));
    await vi.waitFor(() => expect(new Set(reported)).toEqual(new Set(['app.log', 'app.log.1'])), WAIT);
  });

  it('reports nothing for writes to files that exist (their own watches see those)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'new-file-watch-'));
    writeFileSync(path.join(dir, 'app.log'), 'x\n');
    const { reported } = await watching(dir, ['*.log']);
    for (let i = 0; i < 20; i++) appendFileSync(path.join(dir, 'app.log'), `line ${i}\n`);
    // A file created after the writes is reported: by then the writes' events were handled too.
    writeFileSync(path.join(dir, 'marker.log'), 'x\n');
    await vi.waitFor(() => expect(reported).toContain('marker.log'), WAIT);
    await sleep(50);
    expect(reported).toEqual(['marker.log']);
  });

  it('below a ** glob, watches a directory made later and reports the files it brings', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'new-file-watch-'));
    mkdirSync(path.join(dir, 'a'));
    const { reported } = await watching(dir, ['**/*.log']);
    mkdirSync(path.join(dir, 'a', 'b'));
    await vi.waitFor(async () => {
      writeFileSync(path.join(dir, 'a', 'b', 'one.log'), 'x\n');
      await sleep(20);
      expect(reported).toContain('a/b/one.log');
    }, WAIT);
    // A directory moved in with a file already in it.
    const outside = mkdtempSync(path.join(os.tmpdir(), 'new-file-watch-outside-'));
    writeFileSync(path.join(outside, 'two.log'), 'x\n');
    renameSync(outside, path.join(dir, 'a', 'moved'));
    await vi.waitFor(() => expect(reported).toContain('a/moved/two.log'), WAIT);
  });

  it('watches a directory that appears after the start (a late mount), or is made again, from the next refresh on', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'new-file-watch-'));
    const { watch, reported } = await watching(dir, ['mnt/logs/*.log']);
    mkdirSync(path.join(dir, 'mnt', 'logs'), { recursive: true });
    await watch.refresh();
    writeFileSync(path.join(dir, 'mnt', 'logs', 'app.log'), 'x\n');
    await vi.waitFor(() => expect(reported).toEqual(['mnt/logs/app.log']), WAIT);

    rmSync(path.join(dir, 'mnt'), { recursive: true });
    mkdirSync(path.join(dir, 'mnt', 'logs'), { recursive: true });
    await watch.refresh();
    writeFileSync(path.join(dir, 'mnt', 'logs', 'again.log'), 'x\n');
    await vi.waitFor(() => expect(reported).toContain('mnt/logs/again.log'), WAIT);
  });
});
