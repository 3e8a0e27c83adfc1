/** Loads a config for a command; an invalid one is printed with its problems and sets exit code 78. */
import { loadConfigFile, type LoadedConfig } from '../../config/loader.js';
import { ConfigError } from '../../config/errors.js';
import { builtinRegistry } from '../builtins.js';
import { describeError } from '../errors.js';
import { EXIT_CONFIG } from './exit-codes.js';

export async function loadConfigOrReport(file: string): Promise<LoadedConfig | undefined> {
  try {
    return await loadConfigFile(file, builtinRegistry());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${describeError(error)}\n`);
    process.exitCode = EXIT_CONFIG;
    return undefined;
  }
}
