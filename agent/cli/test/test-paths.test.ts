import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testFilesOf } from './test-paths.js';

describe('testFilesOf', () => {
  it('keeps files as given and expands a folder to its test files, sub-folders included, sorted', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'test-paths-'));
    mkdirSync(path.join(dir, 'nested'));
    for (const name of ['b.test.yaml', 'a.test.yml', 'notes.yaml', 'nested/c.test.yaml']) writeFileSync(path.join(dir, name), '');
    const single = path.join(dir, 'notes.yaml');
    expect(await testFilesOf([single, dir])).toEqual([single, path.join(dir, 'a.test.yml'), path.join(dir, 'b.test.yaml'), path.join(dir, 'nested', 'c.test.yaml')]);
  });

  it('passes a missing path on, for the loader to report, and refuses a folder without test files', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'test-paths-'));
    expect(await testFilesOf([path.join(dir, 'missing.test.yaml')])).toEqual([path.join(dir, 'missing.test.yaml')]);
    await expect(testFilesOf([dir])).rejects.toThrow(`${dir}: a folder without test files`);
  });
});
