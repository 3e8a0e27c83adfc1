import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedBlocks } from '../scripts/generated-docs.js';

const root = path.resolve(import.meta.dirname, '..');

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
