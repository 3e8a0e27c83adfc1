/**
 * sidecar-ai command line: wires the commands of agent/cli/ (one file each) into one program.
 */
import { Command } from 'commander';
import { describeError } from '../errors.js';
import { packageVersion } from '../package-root.js';
import { anomalyCommand } from './anomaly/export.js';
import { modelsCommand } from './models/command.js';
import { runCommand } from './run.js';
import { testCommand } from './test/command.js';
import { rejectUnknownCommand } from './unknown-command.js';
import { validateCommand } from './validate.js';

const version = packageVersion();

const program = new Command()
  .name('sidecar-ai')
  .description('Log-stream agent: follows application logs, enriches them, ships them to Elasticsearch/OpenSearch.')
  .version(version)
  .showSuggestionAfterError()
  .addCommand(validateCommand())
  .addCommand(runCommand(version))
  .addCommand(testCommand())
  .addCommand(modelsCommand())
  .addCommand(anomalyCommand());

rejectUnknownCommand(program, process.argv.slice(2));
program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`sidecar-ai: ${describeError(error)}\n`);
  process.exitCode = 1;
});
