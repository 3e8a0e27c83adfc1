import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

import type { ServiceUser } from './run-as.js';

export interface LaunchSpec {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Receives the process's stdout and stderr (appended). */
  consoleLog: string;
  /** Run as this account instead of the current one (see run-as.ts). */
  user?: ServiceUser;
}

export interface Launched {
  pid: number;
  /** Settles with the exit code (or the signal's name) once the process ends. */
  exited: Promise<number | string>;
  /** Lets this Node process exit while the launched one keeps running. */
  release(): void;
}

/**
 * Starts a process in its own session and process group, detached from this one, with its output going to a
 * file, so it outlives the CLI (or the test runner) that started it.
 */
export function launchDetached(spec: LaunchSpec): Launched {
  const fd = openSync(spec.consoleLog, 'a');
  try {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', fd, fd],
      ...(spec.user ? { uid: spec.user.uid, gid: spec.user.gid } : {}),
    });
    const exited = new Promise<number | string>((resolve) => {
      child.once('error', (error) => resolve(error.message));
      child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    });
    if (child.pid === undefined) {
      // spawn failed synchronously (e.g. ENOENT); the 'error' event carries the reason
      return { pid: -1, exited, release: () => undefined };
    }
    return { pid: child.pid, exited, release: () => child.unref() };
  } finally {
    closeSync(fd);
  }
}
