/**
 * `npm run docs:template`: writes the index template the elasticsearch output installs (default data stream
 * target) to deploy/index-templates/, for clusters where the agent may not manage templates
 * (`template.install: false`). A test keeps the file equal to what the output installs.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultTemplateFile, defaultTemplateJson } from '../agent/outputs/elasticsearch/default-template.js';

const target = path.resolve(import.meta.dirname, '../..', defaultTemplateFile);
await writeFile(target, defaultTemplateJson());
process.stdout.write(`${defaultTemplateFile} written\n`);
