/** Loads a config for a command; an invalid one is printed with its problems and sets exit code 78. */
import { loadConfigFile, type LoadedConfig, type LoadOptions } from '../../config/loader.js';
import { ConfigError } from '../../config/errors.js';
import { builtinRegistry } from '../builtins.js';
import { describeError } from '../errors.js';
import { EXIT_CONFIG } from './exit-codes.js';

export async function loadConfigOrReport(file: string, options: LoadOptions = {}): Promise<LoadedConfig | undefined> {
  try {
    return await loadConfigFile(file, builtinRegistry(), process.env, options);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${describeError(error)}\n`);
    process.exitCode = EXIT_CONFIG;
    return undefined;
  }
}
