import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

describe('PathMatcher globs', () => {
  it('matches include globs and leaves out files whose name an exclude glob matches', () => {
    const matcher = new PathMatcher(['/logs/*.log*'], ['*.gz', 'debug-*'], '/');
    expect(matcher.matches('/logs/app.log')).toBe(true);
    expect(matcher.matches('/logs/app.log.1')).toBe(true);
    expect(matcher.matches('/logs/app.log.2.gz')).toBe(false);
    expect(matcher.matches('/logs/debug-1.log')).toBe(false);
    expect(matcher.matches('/logs/app.txt')).toBe(false);
    expect(matcher.matches('/logs/sub/app.log')).toBe(false);
  });

  it('matches an exclude glob with "/" against the whole path (relative ones against the config directory)', () => {
    const matcher = new PathMatcher(['/logs/**/*.log'], ['/logs/debug/**', 'archive/*.log'], '/logs');
    expect(matcher.matches('/logs/app.log')).toBe(true);
    expect(matcher.matches('/logs/debug/app.log')).toBe(false);
    expect(matcher.matches('/logs/archive/old.log')).toBe(false);
    expect(matcher.matches('/logs/other/archive.log')).toBe(true);
  });

  it('resolves relative globs against the config directory and matches dot files', () => {
    const matcher = new PathMatcher(['logs/*.log'], [], '/etc/sidecar');
    expect(matcher.matches('/etc/sidecar/logs/.hidden.log')).toBe(true);
    expect(matcher.matches('/logs/a.log')).toBe(false);
  });

  it('finds files at every depth below a ** glob, and only one level down for a plain one', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'discovery-deep-'));
    for (const file of ['top.log', 'a/one.log', 'a/b/two.log', 'a/b/c/three.log', 'a/b/c/three.txt']) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), 'x\n');
    }
    const deep = new PathMatcher(['**/*.log'], [], dir);
    expect(await deep.scan()).toEqual(['a/b/c/three.log', 'a/b/two.log', 'a/one.log', 'top.log'].map((f) => path.join(dir, f)));
    const middle = new PathMatcher(['a/*/*.log'], [], dir);
    expect(await middle.scan()).toEqual([path.join(dir, 'a/b/two.log')]);
    const flat = new PathMatcher(['*.log'], [], dir);
    expect(await flat.scan()).toEqual([path.join(dir, 'top.log')]);
  });
});

describe('PathMatcher and late directories', () => {
  it('finds files in a directory that appears after the first scan (a late mount), and stops finding them when it goes', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'discovery-late-'));
    const matcher = new PathMatcher(['mnt/logs/*.log'], [], dir);
    expect(await matcher.scan()).toEqual([]);
    mkdirSync(path.join(dir, 'mnt', 'logs'), { recursive: true });
    expect(await matcher.scan()).toEqual([]);
    writeFileSync(path.join(dir, 'mnt', 'logs', 'app.log'), 'x\n');
    expect(await matcher.scan()).toEqual([path.join(dir, 'mnt', 'logs', 'app.log')]);
    expect(matcher.scanSync()).toEqual([path.join(dir, 'mnt', 'logs', 'app.log')]);
    rmSync(path.join(dir, 'mnt'), { recursive: true });
    expect(await matcher.scan()).toEqual([]);
  });
});

describe('PathMatcher watched directories', () => {
  it('lists each glob`s base, every directory below a deep one, and an exact path`s directory', async () => {
    const dir = tree();
    const matcher = new PathMatcher(['logs/**/*.log', 'single.txt', 'missing/*.log'], [], dir);
    expect(await matcher.watchedDirs()).toEqual([dir, path.join(dir, 'logs'), path.join(dir, 'logs', 'dir.log'), path.join(dir, 'logs', 'nested'), path.join(dir, 'missing')]);
    expect(matcher.deep).toBe(true);
    expect(new PathMatcher(['logs/*.log*'], [], dir).deep).toBe(false);
  });
});
