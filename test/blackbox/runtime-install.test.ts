/**
 * The container image installs the production dependencies and prunes them to what the bundled executable
 * loads (scripts/image/), then copies dist/ and config/examples/ only. This builds that layout in a temporary
 * folder, from this checkout's node_modules through the same pruning, and runs the demo there: a package the
 * bundle leaves to node_modules at run time, or a file outside dist/ read at start-up, shows here.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_EXTERNAL_PACKAGES, UNLOADED_DEPENDENCIES } from '../../scripts/bundle-externals.js';
import { pruneRuntimeModules, runtimeClosure } from '../../scripts/image/runtime-modules.js';
import { CLI, tempDir } from '../helpers/agent-process.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const demoConfig = path.join('config', 'examples', 'demo.yaml');

/** Hard links where the file system allows them (the checkout's packages are large), copies elsewhere. */
function linkTree(from: string, to: string): void {
  const stat = lstatSync(from);
  if (stat.isSymbolicLink()) {
    symlinkSync(readlinkSync(from), to);
  } else if (stat.isDirectory()) {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from)) linkTree(path.join(from, entry), path.join(to, entry));
  } else {
    try {
      linkSync(from, to);
    } catch {
      copyFileSync(from, to);
    }
  }
}

/**
 * An installation as the image holds it, at `dir`: the built dist/bin/, package.json, the demo's files and,
 * with `withRuntimeModules`, node_modules pruned as the image prunes it.
 */
function installLike(dir: string, withRuntimeModules: boolean): void {
  mkdirSync(path.join(dir, 'dist'), { recursive: true });
  cpSync(path.dirname(CLI), path.join(dir, 'dist', 'bin'), { recursive: true });
  cpSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
  const skip = new Set(['out', '.sidecar-state']);
  cpSync(path.join(root, 'config', 'examples'), path.join(dir, 'config', 'examples'), { recursive: true, filter: (source) => !skip.has(path.basename(source)) });
  symlinkSync(path.join(root, 'models'), path.join(dir, 'models'));
  if (!withRuntimeModules) return;
  const source = path.join(root, 'node_modules');
  const target = path.join(dir, 'node_modules');
  // Top-level packages of the closure, whole; the pruning then removes what they hold that is not needed.
  for (const pkg of runtimeClosure(source, BUNDLE_EXTERNAL_PACKAGES, UNLOADED_DEPENDENCIES)) {
    const relative = path.relative(source, pkg);
    if (!relative.split(path.sep).includes('node_modules')) linkTree(pkg, path.join(target, relative));
  }
  pruneRuntimeModules(target, BUNDLE_EXTERNAL_PACKAGES, { platform: process.platform, arch: process.arch, unloaded: UNLOADED_DEPENDENCIES });
}

/** The demo's events without what differs between two runs in two folders (paths, ingest times). */
function normalisedEvents(dir: string): string[] {
  return readFileSync(path.join(dir, 'config', 'examples', 'out', 'events.ndjson'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const event = JSON.parse(line.replaceAll(dir, '<dir>')) as { event: { ingested?: string }; log?: { file?: { path?: string } }; '@timestamp'?: string };
      delete event.event.ingested;
      // app.log lines carry no time of their own: theirs is when they were read.
      if (event.log?.file?.path?.endsWith('app.log') === true) delete event['@timestamp'];
      return JSON.stringify(event);
    })
    .sort();
}

describe('an installation with dist/bin and the pruned runtime modules only (the image)', () => {
  let installed: string;
  let checkout: string;

  beforeAll(async () => {
    installed = await tempDir('runtime-install');
    checkout = await tempDir('runtime-reference');
    installLike(installed, true);
    // The same files beside the checkout's full node_modules, for the reference run.
    installLike(checkout, false);
    symlinkSync(path.join(root, 'node_modules'), path.join(checkout, 'node_modules'));
  }, 120_000);

  it('holds the external packages for this system only, none of those the bundle carries', () => {
    const modules = path.join(installed, 'node_modules');
    for (const name of BUNDLE_EXTERNAL_PACKAGES) expect(existsSync(path.join(modules, name, 'package.json')), name).toBe(true);
    for (const bundled of ['zod', 'kafkajs', 'fastify', 'pino', 'chrono-node', '@elastic/elasticsearch', 'yaml', ...UNLOADED_DEPENDENCIES]) expect(existsSync(path.join(modules, bundled)), bundled).toBe(false);
    const napi = path.join(modules, 'onnxruntime-node', 'bin', 'napi-v6');
    expect(readdirSync(napi)).toEqual([process.platform]);
    expect(readdirSync(path.join(napi, process.platform))).toEqual([process.arch]);
  });

  it('runs the demo to the same events as the checkout does', async () => {
    const options = { maxBuffer: 16 * 1024 * 1024 };
    for (const dir of [installed, checkout]) await run(process.execPath, [path.join(dir, 'dist', 'bin', 'sidecar-ai.js'), 'run', '--once', '-c', path.join(dir, demoConfig)], options);
    const events = normalisedEvents(installed);
    expect(events.length).toBeGreaterThan(1000);
    expect(events.filter((event) => event.includes('processor_error'))).toEqual([]);
    expect(events.some((event) => event.includes('"entities"'))).toBe(true);
    expect(events).toEqual(normalisedEvents(checkout));
  }, 120_000);

  it('says that anomaly export needs the package\'s scripts/python, which the image leaves out', async () => {
    const result = await run(process.execPath, [path.join(installed, 'dist', 'bin', 'sidecar-ai.js'), 'anomaly', 'export', '--state', path.join(installed, 'package.json'), '--out', path.join(installed, 'forest.onnx')]).catch(
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect('code' in result ? result.code : 0).toBe(1);
    expect(result.stderr).toContain('scripts/python/ is not part of this installation');
  });
});
