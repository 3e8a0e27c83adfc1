import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../agent/builtins.js';
import { configReference, embedReference } from '../config/reference.js';

describe('README config reference', () => {
  it('is the one generated from the schemas (run npm run docs:config after changing a schema)', async () => {
    const readme = await readFile(path.resolve(import.meta.dirname, '../README.md'), 'utf8');
    expect(embedReference(readme, configReference(builtinRegistry()))).toBe(readme);
  });
});
