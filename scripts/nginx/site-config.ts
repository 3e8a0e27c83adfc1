/**
 * The nginx configuration users copy (deploy/nginx/sidecar-auth-request.conf), made runnable somewhere else:
 * each substitution replaces text the file really contains, and one that finds nothing is an error, so the
 * file cannot drift away from what the tests and benchmarks run.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { ServiceError } from '../services/errors.js';
import { repoRoot } from '../services/paths.js';

export const SIDECAR_SITE = path.join('deploy', 'nginx', 'sidecar-auth-request.conf');

/** The addresses and the log path the file is written with. */
export const SITE_DEFAULTS = {
  listen: 'listen 80;',
  app: 'server 127.0.0.1:8080;',
  agent: 'server 127.0.0.1:8087;',
  accessLog: 'access_log /var/log/nginx/access.log sidecar_json;',
  unreachable: 'return 204;',
  unreachableErrorPage: 'error_page 502 504 = @sidecar_unreachable;',
} as const;

export interface SiteSettings {
  /** The port nginx listens on (on 127.0.0.1). */
  port: number;
  appPort: number;
  agentPort: number;
  accessLog: string;
  /**
   * What the client gets when the agent cannot be reached, as docs/api.md tells users to choose:
   * `open` (the file as written), `closed` (`return 403`) or `nginx` (error_page deleted: nginx's own 500).
   */
  unreachable?: 'open' | 'closed' | 'nginx';
}

export function replaceExactly(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0) throw new ServiceError(`${SIDECAR_SITE} no longer contains "${from}"; update scripts/nginx/site-config.ts with it`);
  if (text.indexOf(from, at + from.length) >= 0) throw new ServiceError(`${SIDECAR_SITE} contains "${from}" more than once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

export function renderSite(template: string, settings: SiteSettings): string {
  let text = template;
  text = replaceExactly(text, SITE_DEFAULTS.listen, `listen 127.0.0.1:${settings.port};`);
  text = replaceExactly(text, SITE_DEFAULTS.app, `server 127.0.0.1:${settings.appPort};`);
  text = replaceExactly(text, SITE_DEFAULTS.agent, `server 127.0.0.1:${settings.agentPort};`);
  text = replaceExactly(text, SITE_DEFAULTS.accessLog, `access_log ${settings.accessLog} sidecar_json;`);
  if (settings.unreachable === 'closed') text = replaceExactly(text, SITE_DEFAULTS.unreachable, 'return 403;');
  if (settings.unreachable === 'nginx') text = replaceExactly(text, SITE_DEFAULTS.unreachableErrorPage, '');
  return text;
}

export async function readSidecarSite(): Promise<string> {
  return readFile(path.join(repoRoot(), SIDECAR_SITE), 'utf8');
}
