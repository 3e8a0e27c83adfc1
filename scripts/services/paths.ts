import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ServiceError } from './errors.js';
import type { ServiceName } from './names.js';
import { canTraverse, serviceUser } from './run-as.js';

/**
 * Where everything lives. By default under the repository's git-ignored .cache/:
 *
 *   .cache/services/<name>/dist/        artifacts fetched by Maven (reused; `.fetched` marks a complete fetch)
 *   .cache/services/<name>/config/      configuration written on each start
 *   .cache/services/<name>/data/        server data (wiped by `stop --clean`)
 *   .cache/services/<name>/logs/        the server's own logs plus console.log (its stdout/stderr)
 *   .cache/services/<name>/<name>.pid   the process started by these scripts
 */
export interface ServicePaths {
  name: ServiceName;
  /** The Maven project that fetches this server. */
  pom: string;
  root: string;
  dist: string;
  config: string;
  data: string;
  logs: string;
  tmp: string;
  pidFile: string;
  consoleLog: string;
}

/** The repository root: the folder above this file (source or compiled under dist/) holding scripts/services. */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'scripts', 'services', 'kafka', 'pom.xml')) && existsSync(path.join(dir, 'package.json'))) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new ServiceError('cannot find the repository root (a folder with scripts/services/kafka/pom.xml)');
    dir = parent;
  }
}

/**
 * The folder holding all servers' files: SIDECAR_SERVICES_DIR if set, else <repo>/.cache/services. When running
 * as root and the unprivileged account that runs the search servers cannot reach the repository (a checkout
 * under /root, say), a folder under the system's temp dir is used instead, named after the repository path so
 * that every run from the same checkout finds the same one.
 */
export async function servicesRoot(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const explicit = env.SIDECAR_SERVICES_DIR?.trim();
  if (explicit) return path.resolve(explicit);
  const root = repoRoot();
  const preferred = path.join(root, '.cache', 'services');
  const user = await serviceUser(env);
  if (user === undefined || (await canTraverse(preferred, user))) return preferred;
  const tag = createHash('sha256').update(root).digest('hex').slice(0, 10);
  const base = process.platform === 'linux' && existsSync('/var/tmp') ? '/var/tmp' : tmpdir();
  return path.join(base, `sidecar-ai-services-${tag}`);
}

export function servicePaths(name: ServiceName, root: string, repo: string = repoRoot()): ServicePaths {
  const dir = path.join(root, name);
  const logs = path.join(dir, 'logs');
  return {
    name,
    pom: path.join(repo, 'scripts', 'services', name, 'pom.xml'),
    root: dir,
    dist: path.join(dir, 'dist'),
    config: path.join(dir, 'config'),
    data: path.join(dir, 'data'),
    logs,
    tmp: path.join(dir, 'tmp'),
    pidFile: path.join(dir, `${name}.pid`),
    consoleLog: path.join(logs, 'console.log'),
  };
}
