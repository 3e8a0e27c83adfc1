/**
 * What an installation of the bundled executable needs from node_modules: the bundle's external packages and
 * what they depend on, found the way Node.js finds a package (the nearest node_modules folder first, then
 * those above it), and of onnxruntime-node's prebuilt bindings only the one for the platform it runs on.
 * `npm ci --omit=dev` installs every dependency the bundle already holds, and bindings for three systems.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const Manifest = z.object({
  name: z.string(),
  dependencies: z.record(z.string(), z.string()).optional(),
  optionalDependencies: z.record(z.string(), z.string()).optional(),
  peerDependencies: z.record(z.string(), z.string()).optional(),
});

function manifestOf(dir: string): z.infer<typeof Manifest> {
  const file = path.join(dir, 'package.json');
  const parsed = Manifest.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.message}`);
  return parsed.data;
}

/** The folder `name` resolves to from `from` (a package folder or the project root), as Node.js looks it up. */
function resolvePackage(from: string, name: string, projectRoot: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (path.basename(dir) !== 'node_modules') {
      const candidate = path.join(dir, 'node_modules', name);
      if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    }
    if (dir === projectRoot || path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The package folders `roots` need, themselves included, from the project whose node_modules is `nodeModules`,
 * leaving out the dependencies named in `unloaded` (declared, never loaded). A missing dependency is an error
 * unless it is optional or a peer (npm leaves those out on other systems).
 */
export function runtimeClosure(nodeModules: string, roots: readonly string[], unloaded: readonly string[] = []): Set<string> {
  const projectRoot = path.dirname(nodeModules);
  const needed = new Set<string>();
  const queue: { from: string; name: string; optional: boolean }[] = roots.map((name) => ({ from: projectRoot, name, optional: false }));
  for (let item = queue.pop(); item !== undefined; item = queue.pop()) {
    if (unloaded.includes(item.name)) continue;
    const dir = resolvePackage(item.from, item.name, projectRoot);
    if (dir === undefined) {
      if (item.optional) continue;
      throw new Error(`${item.name}, needed from ${path.relative(projectRoot, item.from) || 'the project'}, is not installed in ${nodeModules}`);
    }
    if (needed.has(dir)) continue;
    needed.add(dir);
    const manifest = manifestOf(dir);
    for (const name of Object.keys(manifest.dependencies ?? {})) queue.push({ from: dir, name, optional: false });
    for (const name of Object.keys({ ...manifest.optionalDependencies, ...manifest.peerDependencies })) queue.push({ from: dir, name, optional: true });
  }
  return needed;
}

/** Package folders directly in a node_modules folder (scoped ones one level down). */
function packagesIn(nodeModules: string): string[] {
  if (!existsSync(nodeModules)) return [];
  const dirs: string[] = [];
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith('.')) continue;
    const full = path.join(nodeModules, entry);
    if (entry.startsWith('@')) dirs.push(...readdirSync(full).map((name) => path.join(full, name)));
    else dirs.push(full);
  }
  return dirs.filter((dir) => lstatSync(dir).isDirectory());
}

/** Bytes under `target` (files only, links not followed). */
export function treeBytes(target: string): number {
  const stat = lstatSync(target);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(target).reduce((sum, entry) => sum + treeBytes(path.join(target, entry)), 0);
}

export interface PruneResult {
  readonly removed: readonly string[];
  readonly kept: number;
}

export interface PruneOptions {
  readonly platform: string;
  readonly arch: string;
  /** Declared dependencies that are never loaded (see runtimeClosure). */
  readonly unloaded?: readonly string[];
}

/**
 * Removes from `nodeModules` every package outside the closure of `roots`, npm's bin links and hidden lockfile
 * (stale once packages are gone), and onnxruntime-node bindings for other systems than `platform`/`arch`.
 */
export function pruneRuntimeModules(nodeModules: string, roots: readonly string[], { platform, arch, unloaded = [] }: PruneOptions): PruneResult {
  const needed = runtimeClosure(nodeModules, roots, unloaded);
  const removed: string[] = [];
  const sweep = (folder: string) => {
    for (const dir of packagesIn(folder)) {
      if (needed.has(dir)) {
        sweep(path.join(dir, 'node_modules'));
      } else {
        rmSync(dir, { recursive: true, force: true });
        removed.push(path.relative(nodeModules, dir));
      }
    }
  };
  sweep(nodeModules);
  for (const scope of readdirSync(nodeModules).filter((entry) => entry.startsWith('@'))) {
    if (readdirSync(path.join(nodeModules, scope)).length === 0) rmSync(path.join(nodeModules, scope), { recursive: true });
  }
  for (const hidden of ['.bin', '.package-lock.json']) {
    const target = path.join(nodeModules, hidden);
    if (existsSync(target)) {
      rmSync(target, { recursive: true, force: true });
      removed.push(hidden);
    }
  }
  for (const dir of needed) {
    if (path.basename(dir) === 'onnxruntime-node') removed.push(...pruneOnnxBindings(dir, platform, arch).map((p) => path.relative(nodeModules, p)));
  }
  return { removed, kept: needed.size };
}

/** onnxruntime-node ships bin/napi-v*\/<platform>/<arch>/ for Linux, macOS and Windows; one of them loads. */
function pruneOnnxBindings(packageDir: string, platform: string, arch: string): string[] {
  const removed: string[] = [];
  const bin = path.join(packageDir, 'bin');
  if (!existsSync(bin)) return removed;
  for (const napi of readdirSync(bin).map((entry) => path.join(bin, entry))) {
    if (!lstatSync(napi).isDirectory()) continue;
    for (const system of readdirSync(napi)) {
      const systemDir = path.join(napi, system);
      if (system !== platform) {
        rmSync(systemDir, { recursive: true, force: true });
        removed.push(systemDir);
        continue;
      }
      for (const cpu of readdirSync(systemDir).filter((entry) => entry !== arch)) {
        rmSync(path.join(systemDir, cpu), { recursive: true, force: true });
        removed.push(path.join(systemDir, cpu));
      }
    }
  }
  return removed;
}
