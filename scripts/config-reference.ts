/**
 * `npm run docs:config`: rewrites the config reference in README.md from the schemas.
 * `--check` only compares and exits 1 when README.md is stale.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { builtinRegistry } from '../agent/builtins.js';
import { configReference, embedReference } from '../config/reference.js';

const readme = path.resolve(import.meta.dirname, '../../README.md');
const current = await readFile(readme, 'utf8');
const updated = embedReference(current, configReference(builtinRegistry()));
if (process.argv.includes('--check')) {
  if (updated !== current) {
    process.stderr.write('README.md config reference is stale: run npm run docs:config\n');
    process.exitCode = 1;
  }
} else if (updated !== current) {
  await writeFile(readme, updated);
  process.stdout.write('README.md config reference updated\n');
}
