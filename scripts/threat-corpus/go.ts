/**
 * Go for the HTTP threat corpus and its Coraza peer, kept inside the repository: GOPATH and the module cache
 * live under .cache/go, so nothing is installed globally and a second run finds every module already there.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';

const run = promisify(execFile);

/** The repository root: the first folder above this file (source, or compiled under dist/) with the peer's go.mod. */
export function repositoryRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(path.join(dir, 'bench', 'peers', 'coraza', 'go.mod')) || !existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (bench/peers/coraza/go.mod)');
    dir = parent;
  }
  return dir;
}

/** The environment for every go command: module cache under .cache/go, writable so `rm -rf .cache` works. */
export function goEnvironment(root = repositoryRoot()): NodeJS.ProcessEnv {
  const gopath = path.join(root, '.cache', 'go');
  return { ...process.env, GOPATH: gopath, GOMODCACHE: path.join(gopath, 'mod'), GOFLAGS: '-modcacherw', GOTOOLCHAIN: 'local' };
}

/** Runs `go` with the repository's environment; the error names the command and ends with go's own words. */
export async function runGo(args: string[], options: { cwd?: string; root?: string } = {}): Promise<string> {
  const go = process.env.GO ?? 'go';
  try {
    const { stdout } = await run(go, args, { cwd: options.cwd, env: goEnvironment(options.root), maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const stderr = `${(error as { stderr?: string }).stderr ?? ''}`.trim().split('\n').slice(-8).join('\n');
    throw new Error(`${go} ${args.join(' ')} failed${(error as NodeJS.ErrnoException).code === 'ENOENT' ? ' (Go is not installed)' : ''}:\n${stderr || (error as Error).message}`);
  }
}

const DownloadedModule = z.object({ Path: z.string(), Version: z.string(), Dir: z.string(), Error: z.string().optional() });

/** Downloads a module (or finds it in the cache) and returns the folder holding its files. */
export async function downloadModule(modulePath: string, version: string, root = repositoryRoot()): Promise<string> {
  const stdout = await runGo(['mod', 'download', '-json', `${modulePath}@${version}`], { root, cwd: root });
  const module = DownloadedModule.parse(JSON.parse(stdout));
  if (module.Error) throw new Error(`go mod download ${modulePath}@${version}: ${module.Error}`);
  return module.Dir;
}
