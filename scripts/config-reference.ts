/**
 * `npm run docs:config`: rewrites the generated blocks of the documentation (scripts/generated-docs.ts):
 * the config reference in docs/configuration.md from the schemas, the error-code table in docs/operations.md
 * from agent/errors.ts. `--check` only compares and exits 1 when a block is stale (part of npm test).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generatedBlocks } from './generated-docs.js';

const root = path.resolve(import.meta.dirname, '../..');
const check = process.argv.includes('--check');
for (const block of generatedBlocks()) {
  const file = path.join(root, block.file);
  const current = await readFile(file, 'utf8');
  const updated = block.regenerate(current);
  if (updated === current) continue;
  if (check) {
    process.stderr.write(`${block.file}: the ${block.what} is out of date: run npm run docs:config\n`);
    process.exitCode = 1;
  } else {
    await writeFile(file, updated);
    process.stdout.write(`${block.file}: the ${block.what} updated\n`);
  }
}
