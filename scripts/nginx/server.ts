/**
 * One nginx started for a test or a benchmark: daemonised as in production, with everything in its run
 * folder, and stopped through its pid file (checked to still name this nginx's master, so a reused pid is
 * never signalled). Instances still running when the Node process exits are killed then.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

import { ServiceError } from '../services/errors.js';
import { isAlive, ownedProcess, terminate } from '../services/processes.js';
import { canTraverse, serviceUser, type ServiceUser } from '../services/run-as.js';
import { nginxEnv, type NginxInstall } from './install.js';
import { mainConfig } from './main-config.js';

const execFileAsync = promisify(execFile);

export interface NginxStartOptions {
  install: NginxInstall;
  /** The run folder (created if missing): nginx.conf, the sites, nginx.pid, logs/, tmp/. */
  dir: string;
  /** Site files' contents, each written to the run folder and included in the http block. */
  sites: readonly string[];
  workerProcesses?: number;
  env?: NodeJS.ProcessEnv;
}

const started = new Set<string>();
process.once('exit', () => {
  for (const pidFile of started) killFromPidFileSync(pidFile);
});

export class NginxServer {
  private constructor(
    readonly dir: string,
    readonly config: string,
    readonly pidFile: string,
    readonly errorLog: string,
  ) {}

  static async start(options: NginxStartOptions): Promise<NginxServer> {
    const env = options.env ?? process.env;
    const dir = path.resolve(options.dir);
    await mkdir(path.join(dir, 'logs'), { recursive: true });
    await mkdir(path.join(dir, 'tmp'), { recursive: true });
    const includes: string[] = [];
    for (const [i, site] of options.sites.entries()) {
      const file = path.join(dir, `site-${i}.conf`);
      await writeFile(file, site);
      includes.push(file);
    }
    const user = await serviceUser(env);
    if (user !== undefined) await prepareForWorkers(dir, user);
    const config = path.join(dir, 'nginx.conf');
    const workerUser = user === undefined ? undefined : { name: user.name, group: await groupName(user.gid) };
    await writeFile(config, mainConfig({ dir, includes, workerUser, workerProcesses: options.workerProcesses }));

    const server = new NginxServer(dir, config, path.join(dir, 'nginx.pid'), path.join(dir, 'logs', 'error.log'));
    try {
      // The foreground process exits once the master has bound the ports and gone to the background.
      await execFileAsync(options.install.binary, ['-p', dir, '-c', config, '-e', server.errorLog], { env: nginxEnv(options.install, env) });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr?.trim();
      throw new ServiceError(`nginx did not start${stderr ? `: ${stderr}` : ''}\n${await server.errorLogTail()}`, { cause: error });
    }
    started.add(server.pidFile);
    await server.waitForPidFile();
    return server;
  }

  /** The master's pid while it runs. */
  async pid(): Promise<number | undefined> {
    return ownedProcess(this.pidFile, (cmd) => cmd.includes('nginx: master process') && cmd.includes(this.config));
  }

  /** Fast shutdown (SIGTERM to the master, which stops its workers), SIGKILL after 5 s. */
  async stop(): Promise<void> {
    const pid = await this.pid();
    if (pid !== undefined) await terminate(pid, 5_000);
    started.delete(this.pidFile);
  }

  async errorLogTail(lines = 20): Promise<string> {
    const text = await readFile(this.errorLog, 'utf8').catch(() => '');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  }

  private async waitForPidFile(): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if ((await this.pid()) !== undefined) return;
      await sleep(20);
    }
    throw new ServiceError(`nginx wrote no pid file ${this.pidFile} naming its master within 10 s\n${await this.errorLogTail()}`);
  }
}

/**
 * Workers run as `user` and create temp files under tmp/ (nginx makes those folders theirs): they must be
 * able to reach the run folder, which a private temp folder (mode 0700) does not allow.
 */
async function prepareForWorkers(dir: string, user: ServiceUser): Promise<void> {
  await chmod(dir, 0o755);
  if (!(await canTraverse(dir, user))) {
    throw new ServiceError(`nginx runs as root and its workers as "${user.name}", who cannot reach ${dir}`, {
      hint: 'Put the run folder where that account can enter every folder above it (e.g. under /tmp), or set SIDECAR_SERVICES_USER to another account.',
    });
  }
}

async function groupName(gid: number): Promise<string> {
  const groups = await readFile('/etc/group', 'utf8').catch(() => '');
  for (const line of groups.split('\n')) {
    const [name, , id] = line.split(':');
    if (name && Number(id) === gid) return name;
  }
  throw new ServiceError(`no group with id ${gid} in /etc/group for nginx's workers`);
}

/** For the exit hook, which cannot wait: signal the master named by the pid file, if it is still nginx. */
function killFromPidFileSync(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  try {
    if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('nginx: master process')) return;
    // SIGTERM, not SIGKILL: the master then stops its workers, which SIGKILL would orphan.
    process.kill(pid, 'SIGTERM');
  } catch {
    // gone meanwhile, or no /proc: nothing more to do
  }
}
