/**
 * nginx for the tests and benchmarks, fetched from the Debian package archive into .cache/nginx/ and never
 * installed system-wide:
 *
 *   .cache/nginx/install.json   what was fetched (its presence makes a second run instant)
 *   .cache/nginx/debs/          the .deb files apt-get downloaded
 *   .cache/nginx/root/          their files, unpacked with dpkg-deb -x (the binary is root/usr/sbin/nginx)
 *
 * SIDECAR_NGINX=/path/to/nginx uses that binary instead (any system without apt-get); SIDECAR_NGINX_DIR
 * moves the cache.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

import { ServiceError } from '../services/errors.js';
import { repoRoot } from '../services/paths.js';
import { aptDownload, debField, extractDeb } from './debian.js';
import { inspectNginx, unresolvedLibraries } from './inspect.js';
import { packagesFor } from './libraries.js';

export interface NginxInstall {
  binary: string;
  /** nginx's own version, e.g. 1.22.1 */
  version: string;
  /** The Debian package version, e.g. 1.22.1-9+deb12u12; undefined for SIDECAR_NGINX. */
  packageVersion: string | undefined;
  /** Folders of libraries fetched beside nginx; empty when the system has them all. */
  libraryPath: string[];
}

/** install.json: paths relative to the cache folder, so a moved checkout still finds its nginx. */
const installRecord = z.strictObject({
  binary: z.string().min(1),
  version: z.string().min(1),
  packageVersion: z.string().min(1),
  packages: z.array(z.string().min(1)).min(1),
  libraryPath: z.array(z.string()),
});

export function nginxCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.SIDECAR_NGINX_DIR?.trim();
  return explicit ? path.resolve(explicit) : path.join(repoRoot(), '.cache', 'nginx');
}

/** The environment nginx must run with: LD_LIBRARY_PATH when libraries were fetched beside it. */
export function nginxEnv(install: NginxInstall, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (install.libraryPath.length === 0) return { ...env };
  const inherited = env.LD_LIBRARY_PATH ? [env.LD_LIBRARY_PATH] : [];
  return { ...env, LD_LIBRARY_PATH: [...install.libraryPath, ...inherited].join(path.delimiter) };
}

export interface EnsureOptions {
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

/** The cached nginx, fetched first if there is none (or SIDECAR_NGINX), checked to run and to have auth_request. */
export async function ensureNginx(options: EnsureOptions = {}): Promise<NginxInstall> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const own = env.SIDECAR_NGINX?.trim();
  if (own) {
    const build = await inspectNginx(own, env);
    return { binary: path.resolve(own), version: build.version, packageVersion: undefined, libraryPath: [] };
  }
  const cache = nginxCacheDir(env);
  const cached = await readInstall(cache);
  if (cached !== undefined) return cached;
  await mkdir(cache, { recursive: true });
  // Fetched into a fresh folder that replaces root/ only when complete: an interrupted fetch leaves no half nginx.
  const staging = await mkdtemp(path.join(cache, '.fetch-'));
  try {
    const record = await fetchInto(staging, env, log);
    const root = path.join(cache, 'root');
    const debs = path.join(cache, 'debs');
    await rm(root, { recursive: true, force: true });
    await rm(debs, { recursive: true, force: true });
    await rename(path.join(staging, 'root'), root);
    await rename(path.join(staging, 'debs'), debs);
    await writeFile(path.join(cache, 'install.json'), `${JSON.stringify(record, null, 2)}\n`);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  const fetched = await readInstall(cache);
  if (fetched === undefined) throw new ServiceError(`nginx was fetched into ${cache} but cannot be found there`);
  log(`nginx ${fetched.version} (Debian ${fetched.packageVersion}) in ${path.dirname(path.dirname(path.dirname(fetched.binary)))}`);
  return fetched;
}

async function readInstall(cache: string): Promise<NginxInstall | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(cache, 'install.json'), 'utf8');
  } catch {
    return undefined;
  }
  const parsed = installRecord.safeParse(JSON.parse(text));
  if (!parsed.success) return undefined;
  const binary = path.join(cache, parsed.data.binary);
  if (!existsSync(binary)) return undefined;
  return { binary, version: parsed.data.version, packageVersion: parsed.data.packageVersion, libraryPath: parsed.data.libraryPath.map((dir) => path.join(cache, dir)) };
}

async function fetchInto(staging: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<z.infer<typeof installRecord>> {
  const debs = path.join(staging, 'debs');
  const root = path.join(staging, 'root');
  await mkdir(debs);
  await mkdir(root);
  log('fetching nginx with apt-get download');
  const [nginxDeb] = await aptDownload(['nginx'], debs, env);
  if (nginxDeb === undefined) throw new ServiceError('apt-get download nginx fetched nothing');
  await extractDeb(nginxDeb, root, env);
  const binary = path.join(root, 'usr', 'sbin', 'nginx');
  if (!existsSync(binary)) throw new ServiceError(`the nginx package has no usr/sbin/nginx (${path.basename(nginxDeb)})`);
  const packages = ['nginx'];

  let libraryPath: string[] = [];
  const missing = await unresolvedLibraries(binary, env);
  if (missing.length > 0) {
    const { packages: needed, unknown } = packagesFor(missing);
    if (unknown.length > 0) throw new ServiceError(`nginx needs ${unknown.join(', ')}, which this system lacks and no known Debian package carries`);
    log(`fetching ${needed.join(', ')} for ${missing.join(', ')}`);
    for (const deb of await aptDownload(needed, debs, env)) await extractDeb(deb, root, env);
    packages.push(...needed);
    libraryPath = await libraryFolders(root);
    const still = await unresolvedLibraries(binary, { ...env, LD_LIBRARY_PATH: libraryPath.join(path.delimiter) });
    if (still.length > 0) throw new ServiceError(`nginx still misses ${still.join(', ')} after fetching ${needed.join(', ')}`);
  }
  const build = await inspectNginx(binary, { ...env, ...(libraryPath.length > 0 ? { LD_LIBRARY_PATH: libraryPath.join(path.delimiter) } : {}) });
  const relative = (p: string) => path.join('root', path.relative(root, p));
  return {
    binary: relative(binary),
    version: build.version,
    packageVersion: await debField(nginxDeb, 'Version', env),
    packages,
    libraryPath: libraryPath.map(relative),
  };
}

/**
 * Folders under the unpacked tree that hold shared libraries (lib/<multiarch>/, usr/lib/<multiarch>/), not
 * those of plugins such as OpenSSL's engines-3/, which are not named lib*.so.
 */
export async function libraryFolders(root: string): Promise<string[]> {
  const folders = new Set<string>();
  for (const top of ['lib', 'usr/lib']) {
    const base = path.join(root, top);
    if (!existsSync(base)) continue;
    for (const entry of await readdir(base, { recursive: true })) {
      if (/^lib.+\.so(\.\d+)*$/.test(path.basename(entry))) folders.add(path.dirname(path.join(base, entry)));
    }
  }
  return [...folders];
}
