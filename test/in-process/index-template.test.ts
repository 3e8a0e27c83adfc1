import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultTemplateFile, defaultTemplateJson } from '../../agent/outputs/elasticsearch/default-template.js';

describe('published index template', () => {
  it('equals what the elasticsearch output installs (run npm run docs:template after changing it)', async () => {
    expect(await readFile(path.resolve(import.meta.dirname, '../..', defaultTemplateFile), 'utf8')).toBe(defaultTemplateJson());
  });
});
