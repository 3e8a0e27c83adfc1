/**
 * Bundles the compiled executable (dist/agent/cli.js) and its two worker threads into dist/bin/, the
 * `sidecar-ai` the package and the image run. An agent runs in every pod, and Node.js pays for each module
 * it loads: one bundle, with what the agent never calls left out (zod's 64 error-message locales among
 * them), starts faster and holds less memory than hundreds of modules (figures in bench/RESULTS.md, "Agent
 * memory: one bundled executable, ..."). Components loaded in `create` stay separate chunks.
 *
 * Left outside: the packages of scripts/bundle-externals.ts.
 *
 * Usage: node dist/scripts/bundle-cli.js (part of `npm run build`, after tsc).
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'rolldown';
import { agentExecutable } from './agent-executable.js';
import { BUNDLE_EXTERNAL_PACKAGES, externalImportPattern } from './bundle-externals.js';

/** dist/scripts/ → the repository root. */
const root = path.resolve(import.meta.dirname, '../..');
const dist = path.join(root, 'dist');
const executable = agentExecutable(root);
/** Where the executable goes; the workers must sit beside the chunks that start them (see their workerFile). */
const BIN_DIR = path.dirname(executable);

await rm(BIN_DIR, { recursive: true, force: true });
await build({
  input: {
    [path.basename(executable, '.js')]: path.join(dist, 'agent', 'cli.js'),
    'train-worker': path.join(dist, 'processors', 'anomaly', 'forest', 'train-worker.js'),
    'model-worker': path.join(dist, 'models', 'inference', 'model-worker.js'),
  },
  platform: 'node',
  external: [/^node:/, ...BUNDLE_EXTERNAL_PACKAGES.map(externalImportPattern)],
  logLevel: 'warn',
  output: { dir: BIN_DIR, format: 'esm' },
});
