import { lchown, readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';

import { ServiceError } from './errors.js';

/**
 * Elasticsearch and OpenSearch refuse to start as root ("can not run elasticsearch as root"), and have no switch
 * to allow it. When these scripts run as root (CI, containers), the search servers are started as an unprivileged
 * account instead: `nobody` unless SIDECAR_SERVICES_USER names another one.
 */
export interface ServiceUser {
  name: string;
  uid: number;
  gid: number;
}

export function runningAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The account to run the search servers as, or undefined when the current one will do (it is not root). */
export async function serviceUser(env: NodeJS.ProcessEnv = process.env): Promise<ServiceUser | undefined> {
  if (!runningAsRoot()) return undefined;
  const name = env.SIDECAR_SERVICES_USER?.trim() || 'nobody';
  let passwd: string;
  try {
    passwd = await readFile('/etc/passwd', 'utf8');
  } catch (error) {
    throw new ServiceError('cannot read /etc/passwd to find an unprivileged account for the search servers', {
      cause: error,
    });
  }
  for (const line of passwd.split('\n')) {
    const [user, , uid, gid] = line.split(':');
    if (user === name && uid !== undefined && gid !== undefined) {
      return { name, uid: Number(uid), gid: Number(gid) };
    }
  }
  throw new ServiceError(`running as root, but there is no account "${name}" to run Elasticsearch/OpenSearch as`, {
    hint: 'Elasticsearch and OpenSearch refuse to run as root. Create an account (e.g. `useradd --system sidecar`) and set SIDECAR_SERVICES_USER=sidecar, or run these scripts as a normal user.',
  });
}

/** True when `user` may enter `dir` and every folder above it (the x bit for owner, group or others). */
export async function canTraverse(dir: string, user: ServiceUser): Promise<boolean> {
  let current = path.resolve(dir);
  for (;;) {
    let mode: number;
    let owner: number;
    let group: number;
    try {
      const info = await stat(current);
      mode = info.mode;
      owner = info.uid;
      group = info.gid;
    } catch {
      // not created yet: what matters is the folders above it
      const parent = path.dirname(current);
      if (parent === current) return true;
      current = parent;
      continue;
    }
    const bit = owner === user.uid ? 0o100 : group === user.gid ? 0o010 : 0o001;
    if ((mode & bit) === 0) return false;
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/** chown -R without following links. */
export async function chownTree(dir: string, user: ServiceUser): Promise<void> {
  await lchown(dir, user.uid, user.gid);
  const entries = await readdir(dir, { recursive: true });
  for (const entry of entries) {
    await lchown(path.join(dir, entry), user.uid, user.gid);
  }
}
