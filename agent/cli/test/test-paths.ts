/**
 * The files `sidecar-ai test` runs: each argument as given, or for a folder every `*.test.yaml` /
 * `*.test.yml` under it (sorted, sub-folders included), as test runners take a folder of tests.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

const TEST_FILE = /\.test\.ya?ml$/;

/** Files in argument order; a folder without test files is an error that names it. */
export async function testFilesOf(args: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const arg of args) {
    const info = await stat(arg).catch(() => undefined);
    if (info?.isDirectory() !== true) {
      // Missing files are reported by the loader with the others' results.
      files.push(arg);
      continue;
    }
    const found = (await readdir(arg, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile() && TEST_FILE.test(entry.name))
      .map((entry) => path.join(entry.parentPath, entry.name))
      .sort();
    if (found.length === 0) throw new Error(`${arg}: a folder without test files (*.test.yaml or *.test.yml)`);
    files.push(...found);
  }
  return files;
}
