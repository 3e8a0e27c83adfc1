/**
 * `npm run models [-- -c CONFIG]`: provisions every model of the catalog into models/, as `sidecar-ai
 * models pull` does (the same code). With a config file whose `models.hub.allow` is true, the Hugging Face
 * hub is tried when Maven Central cannot be reached.
 */
import { parseArgs } from 'node:util';
import { builtinRegistry } from '../agent/builtins.js';
import { pullModels } from '../agent/cli/models/pull.js';
import { loadConfigFile } from '../config/loader.js';
import { defaultModelCacheDir, defaultModelsDir } from '../models/locations.js';

const { values } = parseArgs({ options: { config: { type: 'string', short: 'c' } } });
let hub: { endpoint: string } | undefined;
if (values.config !== undefined) {
  const settings = (await loadConfigFile(values.config, builtinRegistry(), process.env, { checkMachine: false })).config.models.hub;
  hub = settings.allow ? { endpoint: settings.endpoint } : undefined;
}
process.exitCode = await pullModels([], { dir: defaultModelsDir(), cacheDir: defaultModelCacheDir(), hub });
