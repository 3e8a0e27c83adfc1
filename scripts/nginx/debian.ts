/**
 * The two Debian tools nginx is fetched with: `apt-get download` (a .deb from the configured archive into a
 * folder, no root needed, nothing installed) and `dpkg-deb` (unpack or read one). A missing tool is reported
 * with what to do instead, since these exist only on Debian and its derivatives.
 */
import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

import { ServiceError } from '../services/errors.js';
import { which } from '../services/which.js';

const execFileAsync = promisify(execFile);

export const NO_DEBIAN_HINT =
  'nginx is fetched from the Debian/Ubuntu package archive with apt-get download and dpkg-deb. Elsewhere, install an nginx built with --with-http_auth_request_module and set SIDECAR_NGINX=/path/to/nginx.';

async function run(tool: string, args: string[], options: { cwd?: string; env: NodeJS.ProcessEnv }): Promise<string> {
  const program = await which(tool, options.env);
  if (program === undefined) throw new ServiceError(`${tool} is not on PATH`, { hint: NO_DEBIAN_HINT });
  try {
    const { stdout } = await execFileAsync(program, args, { cwd: options.cwd, env: options.env, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new ServiceError(`${tool} ${args.join(' ')} failed${stderr ? `: ${stderr}` : ''}`, {
      hint: tool === 'apt-get' ? 'Is the package archive reachable? `apt-get update` refreshes its lists.' : undefined,
      cause: error,
    });
  }
}

/** Downloads the current .deb of each package into `dir` and returns their paths. */
export async function aptDownload(packages: readonly string[], dir: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const before = new Set(await readdir(dir));
  await run('apt-get', ['download', ...packages], { cwd: dir, env });
  const debs = (await readdir(dir)).filter((name) => name.endsWith('.deb') && !before.has(name));
  if (debs.length < packages.length) throw new ServiceError(`apt-get download ${packages.join(' ')} left ${debs.length} .deb file(s) in ${dir}`);
  return debs.map((name) => path.join(dir, name));
}

/** Unpacks a .deb's files under `root` (as `dpkg -i` would under /, but nothing is registered or configured). */
export async function extractDeb(deb: string, root: string, env: NodeJS.ProcessEnv): Promise<void> {
  await run('dpkg-deb', ['-x', deb, root], { env });
}

/** A control field of a .deb, e.g. its Version. */
export async function debField(deb: string, field: string, env: NodeJS.ProcessEnv): Promise<string> {
  return (await run('dpkg-deb', ['-f', deb, field], { env })).trim();
}
