/**
 * `npm run docs:template`: writes the index templates the elasticsearch output installs (default data stream
 * target), one per engine, to deploy/index-templates/, for clusters where the agent may not manage templates
 * (`template.install: false`). A test keeps the files equal to what the output installs.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultTemplateFiles, defaultTemplateJson } from '../agent/outputs/elasticsearch/default-template.js';
import { searchEngineSchema } from '../agent/outputs/elasticsearch/search-engine.js';

for (const engine of searchEngineSchema.options) {
  const file = defaultTemplateFiles[engine];
  await writeFile(path.resolve(import.meta.dirname, '../..', file), defaultTemplateJson(engine));
  process.stdout.write(`${file} written\n`);
}
