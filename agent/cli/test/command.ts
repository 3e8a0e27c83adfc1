/**
 * `sidecar-ai test FILE|FOLDER...`: runs pipeline test files (a folder: the *.test.yaml files under it) (processors plus example events and what must come
 * out). Exit 0 when every test passes, 1 when one fails (or its processors cannot be built), 78 when a
 * file is malformed; malformed files are reported and the others still run.
 */
import { Command } from 'commander';
import { ConfigError } from '../../../config/errors.js';
import { builtinRegistry } from '../../builtins.js';
import { describeError } from '../../errors.js';
import { createLogger } from '../../logger.js';
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_OK } from '../exit-codes.js';
import { formatOutcomes, formatSummary, type Tally } from './report.js';
import { runTestFile } from './run-tests.js';
import { loadTestFile } from './test-file.js';
import { testFilesOf } from './test-paths.js';

export function testCommand(): Command {
  return new Command('test')
    .description('Run pipeline test files: events or raw lines through processors, checked against expected fields.')
    .argument('<files...>', 'test files (YAML), or folders of *.test.yaml files')
    .action(async (args: string[]) => {
      let files: string[];
      try {
        files = await testFilesOf(args);
      } catch (error) {
        process.stderr.write(`${describeError(error)}\n`);
        process.exit(EXIT_FAILURE);
      }
      const code = await runTestFiles(files);
      // Model workers and their timers must not keep the process alive once the results are printed.
      process.exit(code);
    });
}

export async function runTestFiles(files: readonly string[]): Promise<number> {
  const registry = builtinRegistry();
  // Processor warnings and errors go to stderr as in `run`; their routine start-up lines would bury the results.
  const logger = createLogger('warn');
  const tally: Tally = { passed: 0, failed: 0, broken: 0 };
  let malformed = false;
  for (const file of files) {
    try {
      const outcomes = await runTestFile(await loadTestFile(file, registry), registry, logger);
      process.stdout.write(formatOutcomes(file, outcomes));
      const failed = outcomes.filter((outcome) => outcome.mismatches.length > 0).length;
      tally.failed += failed;
      tally.passed += outcomes.length - failed;
    } catch (error) {
      malformed ||= error instanceof ConfigError;
      tally.broken++;
      process.stderr.write(`${describeError(error)}\n`);
    }
  }
  process.stdout.write(formatSummary(tally));
  await new Promise<void>((resolve) => logger.flush(() => resolve()));
  if (malformed) return EXIT_CONFIG;
  return tally.failed > 0 || tally.broken > 0 ? EXIT_FAILURE : EXIT_OK;
}
