/**
 * The helm CLI for the chart's tests, built from its Go module (the Go module proxy) into .cache/helm/<version>:
 * GOPATH and the module cache live under .cache/go, so nothing is installed globally and later runs find the
 * binary at once. `node dist/scripts/helm/helm.js` builds it and prints its path.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The helm release the chart is tested with (README: "Tested against"). */
export const HELM_VERSION = 'v4.3.2';
const HELM_MODULE = 'helm.sh/helm/v4';

/** The repository root: the first folder above this file (source, or compiled under dist/) with the chart. */
export function repositoryRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(path.join(dir, 'deploy', 'helm', 'sidecar-ai', 'Chart.yaml')) || !existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (deploy/helm/sidecar-ai/Chart.yaml)');
    dir = parent;
  }
  return dir;
}

/** Where the binary of `version` lives once built. */
export function helmPath(root = repositoryRoot(), version = HELM_VERSION): string {
  return path.join(root, '.cache', 'helm', version, 'helm');
}

let building: Promise<string> | undefined;

/**
 * The path of a helm binary of HELM_VERSION: HELM when set, else the cached build, else one built now with
 * `go install` (a few minutes on two cores the first time; the module cache and Go's build cache make later
 * builds after `rm -rf .cache/helm` quick).
 */
export function ensureHelm(root = repositoryRoot()): Promise<string> {
  if (process.env.HELM) return Promise.resolve(process.env.HELM);
  const binary = helmPath(root);
  if (existsSync(binary)) return Promise.resolve(binary);
  building ??= build(root, binary);
  return building;
}

async function build(root: string, binary: string): Promise<string> {
  const gopath = path.join(root, '.cache', 'go');
  // Built into a folder of its own and renamed at the end, so an interrupted build never leaves a binary behind.
  const staging = `${path.dirname(binary)}.building-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const env = { ...process.env, GOPATH: gopath, GOMODCACHE: path.join(gopath, 'mod'), GOBIN: staging, GOFLAGS: '-modcacherw', GOTOOLCHAIN: 'local' };
  const ldflags = `-s -w -X ${HELM_MODULE}/internal/version.version=${HELM_VERSION}`;
  const go = process.env.GO ?? 'go';
  try {
    await run(go, ['install', '-trimpath', '-ldflags', ldflags, `${HELM_MODULE}/cmd/helm@${HELM_VERSION}`], { cwd: root, env, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    const stderr = `${(error as { stderr?: string }).stderr ?? ''}`.trim().split('\n').slice(-8).join('\n');
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT' ? ' (Go is not installed; or set HELM to a helm binary)' : '';
    throw new Error(`${go} install ${HELM_MODULE}/cmd/helm@${HELM_VERSION} failed${missing}:\n${stderr || (error as Error).message}`);
  }
  await rm(path.dirname(binary), { recursive: true, force: true });
  await rename(staging, path.dirname(binary));
  return binary;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  process.stdout.write(`${await ensureHelm()}\n`);
}
