/** The published package holds what its commands need at run time, beyond dist/. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('npm pack', () => {
  it('includes the Python export script and its requirements for sidecar-ai anomaly export, and the example tests', async () => {
    const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    const [pack] = JSON.parse(stdout) as { files: { path: string }[] }[];
    const files = new Set(pack?.files.map((file) => file.path));
    for (const needed of ['scripts/python/export_forest.py', 'scripts/python/requirements-export.txt', 'scripts/python/requirements.txt', 'dist/scripts/python/env.js', 'dist/agent/cli/anomaly/export.js', 'config/examples/tests/json-redact.test.yaml']) {
      expect(files, needed).toContain(needed);
    }
    // Test-only Python stays out of the package.
    expect(files).not.toContain('scripts/python/tiny_models.py');
  });
});
