import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../agent/errors.js';
import { ERROR_CODES_END, ERROR_CODES_START, errorCodesReference, generatedBlocks } from '../../scripts/generated-docs.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('generated documentation', () => {
  for (const block of generatedBlocks()) {
    it(`${block.file}: the ${block.what} is the one generated from the code (run npm run docs:config after changing it)`, async () => {
      const document = await readFile(path.join(root, block.file), 'utf8');
      expect(block.regenerate(document)).toBe(document);
    });
  }

  it('the config reference lives in docs/configuration.md, no longer in the README', async () => {
    const readme = await readFile(path.join(root, 'README.md'), 'utf8');
    expect(readme).not.toContain('config-reference:start');
    expect(await readFile(path.join(root, 'docs/configuration.md'), 'utf8')).toContain('### processor `anomaly`');
  });
});

describe('error-code table', () => {
  it('has one row per code of the registry, with its retriable flag and meaning', async () => {
    const operations = await readFile(path.join(root, 'docs/operations.md'), 'utf8');
    const table = operations.slice(operations.indexOf(ERROR_CODES_START), operations.indexOf(ERROR_CODES_END));
    for (const [code, { retriable, meaning }] of Object.entries(ERROR_CODES)) {
      expect(table).toContain(`| \`${code}\` | ${retriable ? 'yes' : 'no'} | ${meaning} |`);
    }
    expect(table.match(/^\| `[A-Z_]+` \|/gm)).toHaveLength(Object.keys(ERROR_CODES).length);
  });

  it('is read from the registry, so a code added on another branch shows up (and a stale table is caught)', async () => {
    const registry = { ...ERROR_CODES, KAFKA_NEW_THING: { retriable: true, meaning: 'A new code | with a pipe.' } };
    expect(errorCodesReference(registry)).toContain('| `KAFKA_NEW_THING` | yes | A new code \\| with a pipe. |');
    const operations = await readFile(path.join(root, 'docs/operations.md'), 'utf8');
    const block = generatedBlocks(registry).find((b) => b.file === 'docs/operations.md');
    expect(block?.regenerate(operations)).not.toBe(operations);
  });

  it('refuses a document without its markers', () => {
    const block = generatedBlocks().find((b) => b.file === 'docs/operations.md');
    expect(() => block?.regenerate('# Operations\n')).toThrow(/markers not found/);
  });
});
