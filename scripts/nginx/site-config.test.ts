import { describe, expect, it } from 'vitest';
import { ServiceError } from '../services/errors.js';
import { readSidecarSite, renderSite, replaceExactly } from './site-config.js';

const SETTINGS = { port: 18000, appPort: 18080, agentPort: 18087, accessLog: '/tmp/run/logs/access.log' };

describe('the deploy/nginx site file, made runnable', () => {
  it('changes only the listen port, the two upstream addresses and the access log', async () => {
    const template = await readSidecarSite();
    const site = renderSite(template, SETTINGS);
    expect(site).toContain('listen 127.0.0.1:18000;');
    expect(site).toContain('server 127.0.0.1:18080;');
    expect(site).toContain('server 127.0.0.1:18087;');
    expect(site).toContain('access_log /tmp/run/logs/access.log sidecar_json;');
    const changed = site.split('\n').filter((line, i) => line !== template.split('\n')[i]);
    expect(changed).toHaveLength(4);
    expect(site).toContain('auth_request /sidecar-check;');
    expect(site).toContain('error_page 502 504 = @sidecar_unreachable;');
  });

  it('writes the two other choices for an unreachable agent the way the file tells users to', async () => {
    const template = await readSidecarSite();
    const closed = renderSite(template, { ...SETTINGS, unreachable: 'closed' });
    expect(closed).toMatch(/location @sidecar_unreachable \{\s+return 403;\s+\}/);
    const plain = renderSite(template, { ...SETTINGS, unreachable: 'nginx' });
    expect(plain).not.toContain('error_page 502 504');
    expect(plain).toContain('location @sidecar_unreachable');
  });

  it('refuses a substitution the file no longer allows', () => {
    expect(() => replaceExactly('listen 8080;', 'listen 80;', 'listen 1;')).toThrow(ServiceError);
    expect(() => replaceExactly('return 204; return 204;', 'return 204;', 'return 403;')).toThrow(/more than once/);
  });
});
