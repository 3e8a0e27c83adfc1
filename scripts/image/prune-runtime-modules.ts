/**
 * Leaves in a production install's node_modules only what the bundled executable loads (see
 * runtime-modules.ts); the container image's build runs it right after `npm ci --omit=dev`, in the same step.
 *
 * Usage: node dist/scripts/image/prune-runtime-modules.js <node_modules folder>
 */
import path from 'node:path';
import { BUNDLE_EXTERNAL_PACKAGES, UNLOADED_DEPENDENCIES } from '../bundle-externals.js';
import { pruneRuntimeModules, treeBytes } from './runtime-modules.js';

const [target] = process.argv.slice(2);
if (target === undefined) {
  console.error('usage: prune-runtime-modules <node_modules folder>');
  process.exit(2);
}
const nodeModules = path.resolve(target);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const before = treeBytes(nodeModules);
const { removed, kept } = pruneRuntimeModules(nodeModules, BUNDLE_EXTERNAL_PACKAGES, { platform: process.platform, arch: process.arch, unloaded: UNLOADED_DEPENDENCIES });
console.log(`${nodeModules}: ${mib(before)} → ${mib(treeBytes(nodeModules))}; kept ${kept} packages for ${BUNDLE_EXTERNAL_PACKAGES.join(', ')} (${process.platform}-${process.arch}), removed ${removed.length} entries`);
