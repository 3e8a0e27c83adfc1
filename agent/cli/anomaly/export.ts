/**
 * `sidecar-ai anomaly export --state FILE --out FILE`: exports the isolation forest an `anomaly` processor
 * trained (its state file under `state_dir/anomaly/`) to ONNX, to inspect it or serve it elsewhere; the
 * agent scores such a file with `model: { format: onnx }`. The conversion is scripts/python/export_forest.py
 * (shipped in the package), run in a Python environment made on first use (numpy and onnx from PyPI).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { runPython } from '../../../scripts/python/env.js';
import { describeError, SidecarError } from '../../errors.js';
import { EXIT_FAILURE } from '../exit-codes.js';

/** What export_forest.py reports on stdout. */
interface ExportSummary {
  readonly trees: number;
  readonly nodes: number;
  readonly features: number;
  readonly out: string;
}

export async function exportForest(stateFile: string, outFile: string): Promise<ExportSummary> {
  if (!existsSync(stateFile)) throw new SidecarError('ANOMALY_EXPORT_FAILED', `${stateFile}: no such state file (an anomaly processor writes state_dir/anomaly/<id>.json)`);
  let stdout: string;
  try {
    stdout = await runPython('export_forest.py', [path.resolve(stateFile), path.resolve(outFile)], 'requirements-export.txt');
  } catch (error) {
    // The script's own message (no model yet, a malformed file) is the last line it wrote to stderr.
    const stderr = (error as { stderr?: string }).stderr?.trim().split('\n').at(-1);
    throw new SidecarError('ANOMALY_EXPORT_FAILED', `${stateFile}: ${stderr ?? describeError(error)}`, { cause: error });
  }
  return JSON.parse(stdout) as ExportSummary;
}

export function anomalyCommand(): Command {
  const exportCommand = new Command('export')
    .description('Export the isolation forest an anomaly processor trained to ONNX (Python: numpy and onnx, set up on first use).')
    .requiredOption('--state <file>', 'the processor\'s state file: STATE_DIR/anomaly/<id>.json')
    .requiredOption('--out <file>', 'the ONNX file to write')
    .action(async (options: { state: string; out: string }) => {
      try {
        const summary = await exportForest(options.state, options.out);
        process.stdout.write(`${options.out}: ${summary.trees} trees, ${summary.nodes} nodes, ${summary.features} features\n`);
      } catch (error) {
        process.stderr.write(`sidecar-ai: ${describeError(error)}\n`);
        process.exitCode = EXIT_FAILURE;
      }
    });
  return new Command('anomaly').description('Tools for the anomaly processor\'s models.').addCommand(exportCommand);
}
