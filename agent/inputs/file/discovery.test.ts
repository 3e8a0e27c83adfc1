import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PathMatcher } from './discovery.js';

function tree(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'discovery-'));
  mkdirSync(path.join(dir, 'logs', 'nested'), { recursive: true });
  for (const file of ['logs/a.log', 'logs/b.log', 'logs/b.log.gz', 'logs/nested/c.log', 'single.txt']) writeFileSync(path.join(dir, file), 'x\n');
  mkdirSync(path.join(dir, 'logs', 'dir.log'));
  return dir;
}

describe('PathMatcher scans', () => {
  it('finds the same regular files synchronously and asynchronously', async () => {
    const dir = tree();
    const matcher = new PathMatcher(['logs/*.log*', 'logs/**/*.log', 'single.txt', 'missing/*.log'], ['*.gz'], dir);
    const expected = ['logs/a.log', 'logs/b.log', 'logs/nested/c.log', 'single.txt'].map((f) => path.join(dir, f));
    expect(await matcher.scan()).toEqual(expected);
    expect(matcher.scanSync()).toEqual(expected);
  });

  it('finds nothing where the directory does not exist', async () => {
    const matcher = new PathMatcher(['/nonexistent-sidecar-dir/*.log', '/nonexistent-sidecar-dir/app.log'], [], '/');
    expect(await matcher.scan()).toEqual([]);
    expect(matcher.scanSync()).toEqual([]);
  });
});
