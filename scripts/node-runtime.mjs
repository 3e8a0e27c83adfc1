#!/usr/bin/env node
/**
 * Runs a command on the Node.js release the project is tested on, whatever `node` the machine has:
 *   node scripts/node-runtime.mjs <command> [args...]
 *   node scripts/node-runtime.mjs --which      (prints the binary's path, fetching it if needed)
 * The binary comes from the npm registry (the node-<platform>-<arch> package of that release) into
 * .cache/node/<version>/, once; the command then finds it first on PATH, so npm scripts, vitest and every
 * agent the tests spawn run on it. Plain JavaScript because it runs before the TypeScript build.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/** The current LTS line; engines in package.json still admits 22. */
export const TESTED_NODE_VERSION = '24.22.3';

const root = path.resolve(import.meta.dirname, '..');
const pkg = `node-${process.platform}-${process.arch}`;
const prefix = path.join(root, '.cache', 'node', TESTED_NODE_VERSION);
const binDir = path.join(prefix, 'node_modules', pkg, 'bin');

function ensureBinary() {
  if (process.versions.node === TESTED_NODE_VERSION) return path.dirname(process.execPath);
  if (existsSync(path.join(binDir, 'node'))) return binDir;
  mkdirSync(prefix, { recursive: true });
  process.stderr.write(`node-runtime: fetching Node.js ${TESTED_NODE_VERSION} (${pkg}) from the npm registry into ${path.relative(root, prefix)}\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const install = spawnSync(npm, ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `${pkg}@${TESTED_NODE_VERSION}`], { stdio: 'inherit' });
  if (install.status !== 0 || !existsSync(path.join(binDir, 'node'))) {
    process.stderr.write(`node-runtime: could not install ${pkg}@${TESTED_NODE_VERSION} (npm exit ${install.status}); is the npm registry reachable?\n`);
    process.exit(1);
  }
  return binDir;
}

const [command, ...args] = process.argv.slice(2);
if (command === '--which') {
  process.stdout.write(`${path.join(ensureBinary(), 'node')}\n`);
  process.exit(0);
}
if (command === undefined) {
  process.stderr.write('usage: node scripts/node-runtime.mjs <command> [args...]\n');
  process.exit(2);
}
const dir = ensureBinary();
const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}` } });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 1 : 128)));
