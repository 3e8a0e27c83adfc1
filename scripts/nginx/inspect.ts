/**
 * What an nginx binary is: its version and build options (`nginx -V`, printed on stderr), and the shared
 * libraries the loader cannot find (`ldd`).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { ServiceError } from '../services/errors.js';
import { which } from '../services/which.js';
import { missingLibraries } from './libraries.js';

const execFileAsync = promisify(execFile);

export const AUTH_REQUEST_MODULE = '--with-http_auth_request_module';

export interface NginxBuild {
  /** e.g. 1.22.1 */
  version: string;
  /** The whole `nginx -V` text. */
  details: string;
}

/** Runs `nginx -V` and checks that the build has the auth_request module. */
export async function inspectNginx(binary: string, env: NodeJS.ProcessEnv): Promise<NginxBuild> {
  let details: string;
  try {
    const { stdout, stderr } = await execFileAsync(binary, ['-V'], { env });
    details = `${stderr}${stdout}`;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new ServiceError(`${binary} -V failed${stderr ? `: ${stderr}` : ''}`, { cause: error });
  }
  const version = /nginx version: nginx\/(\S+)/.exec(details)?.[1];
  if (version === undefined) throw new ServiceError(`${binary} -V does not print an nginx version:\n${details}`);
  if (!details.includes(AUTH_REQUEST_MODULE)) {
    throw new ServiceError(`${binary} (nginx ${version}) is built without the auth_request module`, {
      hint: `The proxy checks need an nginx whose \`nginx -V\` lists ${AUTH_REQUEST_MODULE} (Debian's and nginx.org's packages do).`,
    });
  }
  return { version, details };
}

/** The sonames `binary` needs that the loader cannot find with `env`; empty without ldd (not glibc). */
export async function unresolvedLibraries(binary: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const ldd = await which('ldd', env);
  if (ldd === undefined) return [];
  try {
    const { stdout } = await execFileAsync(ldd, [binary], { env });
    return missingLibraries(stdout);
  } catch (error) {
    // ldd exits non-zero when something is missing, with the same listing on stdout
    return missingLibraries((error as { stdout?: string }).stdout ?? '');
  }
}
