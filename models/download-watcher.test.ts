import { appendFile, mkdir, mkdtemp, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DownloadWatcher } from './download-watcher.js';

async function folder(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'download-watcher-'));
}

describe('DownloadWatcher', () => {
  it('reports a .part file as it grows, then the final file it is renamed to', async () => {
    const dir = await folder();
    const target = path.join(dir, 'model-1.0.jar');
    const seen: number[] = [];
    const watcher = new DownloadWatcher(target, (bytes) => seen.push(bytes));
    expect(await watcher.sample()).toBeUndefined();
    await writeFile(`${target}.part.lock`, 'lock');
    await writeFile(`${target}.part`, '');
    await watcher.sample();
    await appendFile(`${target}.part`, Buffer.alloc(1000));
    await watcher.sample();
    await watcher.sample(); // unchanged: not reported again
    await appendFile(`${target}.part`, Buffer.alloc(500));
    await watcher.sample();
    await rename(`${target}.part`, target);
    expect(watcher.stop()).toBe(1500);
    expect(seen).toEqual([0, 1000, 1500]);
  });

  it('recognises the <file>.<number>.tmp names of newer resolvers and ignores other files in the folder', async () => {
    const dir = await folder();
    const target = path.join(dir, 'model-1.0.jar');
    await writeFile(path.join(dir, 'model-1.0.pom'), Buffer.alloc(9000));
    await writeFile(path.join(dir, 'model-1.0.jar.sha1.4411.tmp'), Buffer.alloc(9000).subarray(0, 40));
    await writeFile(`${target}.8123987123.tmp`, Buffer.alloc(2048));
    const seen: number[] = [];
    await new DownloadWatcher(target, (bytes) => seen.push(bytes)).sample();
    expect(seen).toEqual([2048]);
  });

  it('polls on its own once started, until stopped', async () => {
    const dir = await folder();
    const target = path.join(dir, 'sub', 'model-1.0.jar');
    const seen: number[] = [];
    const watcher = new DownloadWatcher(target, (bytes) => seen.push(bytes));
    watcher.start(5);
    await mkdir(path.dirname(target));
    await writeFile(`${target}.part`, Buffer.alloc(100));
    await vi.waitFor(() => expect(seen).toContain(100));
    await appendFile(`${target}.part`, Buffer.alloc(100));
    await vi.waitFor(() => expect(seen).toContain(200));
    watcher.stop();
    await appendFile(`${target}.part`, Buffer.alloc(100));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(seen).toEqual([100, 200]);
  });
});
