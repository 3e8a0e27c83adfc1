import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, runCli } from '../helpers/agent-process.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('the bundled executable', () => {
  it('is what the package runs, and finds its package.json from dist/bin', async () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
    expect(path.resolve(root, manifest.bin['sidecar-ai'] as string)).toBe(CLI);
    const result = await runCli(['--version']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(manifest.version);
  });

  it('has its worker threads beside it, where the chunks that start them look', () => {
    for (const worker of ['train-worker.js', 'model-worker.js']) expect(existsSync(path.join(path.dirname(CLI), worker)), worker).toBe(true);
  });
});
