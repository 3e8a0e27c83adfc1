/** `sidecar-ai validate -c FILE`: checks a config file and prints each problem with its line and column. */
import { Command } from 'commander';
import { formatProblem } from '../../config/errors.js';
import { loadConfigOrReport } from './load-config.js';

export function validateCommand(): Command {
  return new Command('validate')
    .description('Check a config file; prints each problem with its YAML path, line and column.')
    .requiredOption('-c, --config <file>', 'config file (YAML)')
    .action(async (options: { config: string }) => {
      const loaded = await loadConfigOrReport(options.config);
      if (!loaded) return;
      for (const warning of loaded.warnings) process.stderr.write(`${options.config}: warning: ${formatProblem(warning)}\n`);
      const count = loaded.warnings.length;
      process.stdout.write(`${options.config}: configuration is valid${count > 0 ? ` (${count} warning${count > 1 ? 's' : ''})` : ''}\n`);
    });
}
