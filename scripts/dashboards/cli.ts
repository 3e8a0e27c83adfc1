/**
 * `npm run docs:dashboards`: writes the Kibana and OpenSearch Dashboards saved objects in deploy/ from
 * objects.ts. A test keeps the files equal to what this writes.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SAVED_OBJECTS } from './objects.js';
import { renderSavedObjects, SAVED_OBJECT_FILES, type Product } from './render.js';

for (const [product, file] of Object.entries(SAVED_OBJECT_FILES) as [Product, string][]) {
  await writeFile(path.resolve(import.meta.dirname, '../../..', file), renderSavedObjects(SAVED_OBJECTS, product));
  process.stdout.write(`${file} written\n`);
}
