/**
 * The nginx.conf around the site files: everything nginx would otherwise write under /var or /run (pid,
 * error log, temp folders; the Debian build has those paths compiled in) goes to one run folder, and a
 * `user` line is written only when nginx starts as root, where its workers must not run as root.
 */
import path from 'node:path';

export interface MainConfig {
  /** The run folder: nginx.pid, logs/, tmp/. */
  dir: string;
  /** Files included in the http block. */
  includes: readonly string[];
  /** `user` and group for the workers when the master runs as root. */
  workerUser?: { name: string; group: string } | undefined;
  workerProcesses?: number;
}

export function mainConfig(config: MainConfig): string {
  const at = (...parts: string[]) => JSON.stringify(path.join(config.dir, ...parts));
  const lines = [
    '# written by scripts/nginx for one run; the site files are included below',
    ...(config.workerUser ? [`user ${config.workerUser.name} ${config.workerUser.group};`] : []),
    `pid ${at('nginx.pid')};`,
    `error_log ${at('logs', 'error.log')} warn;`,
    `worker_processes ${config.workerProcesses ?? 1};`,
    'events { worker_connections 1024; }',
    'http {',
    // sites that name no access_log of their own would otherwise open the compiled-in /var/log/nginx/access.log
    `    access_log ${at('logs', 'access.log')};`,
    `    client_body_temp_path ${at('tmp', 'body')};`,
    `    proxy_temp_path ${at('tmp', 'proxy')};`,
    `    fastcgi_temp_path ${at('tmp', 'fastcgi')};`,
    `    uwsgi_temp_path ${at('tmp', 'uwsgi')};`,
    `    scgi_temp_path ${at('tmp', 'scgi')};`,
    ...config.includes.map((file) => `    include ${JSON.stringify(file)};`),
    '}',
    '',
  ];
  return lines.join('\n');
}
