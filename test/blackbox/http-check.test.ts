/**
 * The proxy check routes of a running agent over real HTTP, sent the way nginx auth_request and Envoy
 * ext_authz send them: http_threat decides allow (200) or deny (403) with X-Threat-* headers, the bearer
 * token applies, checked requests reach the outputs with emit, and a chain that cannot answer within
 * api.http_check.timeout (MiniLM inference against a 1 ms budget) gets the on_error policy's answer.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentProcess, freePort, readEvents, tempDir, waitFor, writeConfig } from '../helpers/agent-process.js';
import { startAgentWithApi } from '../helpers/api-agent.js';

const MODEL = path.resolve(import.meta.dirname, '../../models/all-minilm-l6-v2');
const TOKEN_ENV = 'SIDECAR_CHECK_TEST_TOKEN';
const TOKEN = 'check-token-0123456789';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

async function checkAgent(prefix: string, processors: string, api: string, env: NodeJS.ProcessEnv = {}): Promise<{ dir: string; agent: AgentProcess; base: string; metrics: string }> {
  const port = await freePort();
  const started = await startAgentWithApi(prefix, `processors:\n${processors}`, `  listen: "127.0.0.1:${port}"\n${api}`, env);
  return { ...started, base: `http://127.0.0.1:${port}` };
}

/** What nginx sends to the auth_request location with the documented proxy_set_header lines. */
function nginxCheck(base: string, uri: string, client: Record<string, string>, auth = true): Promise<Response> {
  return fetch(`${base}/v1/http/check`, {
    headers: { 'x-original-uri': uri, 'x-original-method': 'GET', 'x-real-ip': '203.0.113.7', 'x-forwarded-for': '203.0.113.7', ...(auth ? { authorization: `Bearer ${TOKEN}` } : {}), ...client },
  });
}

describe('proxy checks with http_threat', () => {
  let dir: string;
  let agent: AgentProcess;
  let base: string;
  let metrics: string;

  beforeAll(async () => {
    ({ dir, agent, base, metrics } = await checkAgent('http-check', '  - type: http_threat\n    id: threat\n    exclusions: [{ path: /docs/search, params: [q] }]\n', `  token: { env: ${TOKEN_ENV} }\n  http_check:\n    processors: [threat]\n    emit: true\n`, { [TOKEN_ENV]: TOKEN }));
  }, 90_000);

  afterAll(async () => {
    expect((await agent.stop()).code).toBe(0);
  });

  it('denies a SQL injection in the target with 403 and the threat headers', async () => {
    const reply = await nginxCheck(base, "/products?id=1'%20UNION%20SELECT%20username,password%20FROM%20users--", { 'user-agent': BROWSER, referer: 'https://shop.example/products' });
    expect(reply.status).toBe(403);
    expect(reply.headers.get('x-threat-decision')).toBe('deny');
    expect(Number(reply.headers.get('x-threat-score'))).toBeGreaterThanOrEqual(0.5);
    expect(reply.headers.get('x-threat-severity')).toMatch(/^(medium|high|critical)$/);
    expect(reply.headers.get('x-threat-reasons')?.split(',')).toContain('sqli-union-select');
  });

  it('allows a benign shop request with 200 and a score of 0', async () => {
    const reply = await nginxCheck(base, '/shop/cart?item=42&qty=2', { 'user-agent': BROWSER, referer: 'https://shop.example/shop' });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('x-threat-decision')).toBe('allow');
    expect(reply.headers.get('x-threat-score')).toBe('0');
    expect(reply.headers.get('x-threat-reasons')).toBeNull();
  });

  it("allows a search for code on a route whose parameter is excluded, and denies the same elsewhere", async () => {
    const query = 'q=SELECT+name+FROM+users+UNION+SELECT+password+FROM+admins';
    const excluded = await nginxCheck(base, `/docs/search?${query}`, { 'user-agent': BROWSER });
    expect(excluded.status).toBe(200);
    expect(excluded.headers.get('x-threat-decision')).toBe('allow');
    const elsewhere = await nginxCheck(base, `/search?${query}`, { 'user-agent': BROWSER });
    expect(elsewhere.status).toBe(403);
    const otherParameter = await nginxCheck(base, `/docs/search?${query}&lang=%3Cscript%3Ealert(1)%3C/script%3E`, { 'user-agent': BROWSER });
    expect(otherParameter.status).toBe(403);
  });

  it('denies a scanner user agent on a harmless target', async () => {
    const reply = await nginxCheck(base, '/shop', { 'user-agent': 'sqlmap/1.7.2#stable (https://sqlmap.org)' });
    expect(reply.status).toBe(403);
    expect(reply.headers.get('x-threat-reasons')?.split(',')).toContain('scanner-ua');
  });

  it('requires the bearer token like the other routes', async () => {
    const reply = await nginxCheck(base, '/shop', { 'user-agent': BROWSER }, false);
    expect(reply.status).toBe(401);
    expect(((await reply.json()) as { error: { code: string } }).error.code).toBe('API_UNAUTHORIZED');
  });

  it('checks the Envoy ext_authz form: the original method and path under the prefix', async () => {
    const headers = { authorization: `Bearer ${TOKEN}`, 'user-agent': BROWSER, 'content-length': '0' };
    const denied = await fetch(`${base}/v1/http/ext_authz/search?q=%3Cscript%3Ealert(document.cookie)%3C/script%3E`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '' });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('x-threat-reasons')).toMatch(/xss/);
    const allowed = await fetch(`${base}/v1/http/ext_authz/shop/cart/42`, { method: 'DELETE', headers });
    expect(allowed.status).toBe(200);
  });

  it('sends the checked requests to the outputs with their verdicts (emit: true), and counts the decisions', async () => {
    const marker = '/emit-marker?id=1%20OR%201=1';
    expect((await nginxCheck(base, marker, { 'user-agent': BROWSER })).status).toBe(403);
    const out = path.join(dir, 'out', 'events.ndjson');
    await waitFor(async () => (await readEvents(out).catch(() => [])).some((e) => JSON.stringify(e).includes('emit-marker')), 15_000, 'the checked request in the output');
    const emitted = (await readEvents(out)).find((e) => JSON.stringify(e).includes('emit-marker'));
    expect(emitted).toMatchObject({ url: { original: marker }, http: { request: { method: 'GET' } }, source: { ip: '203.0.113.7' }, event: { kind: 'alert' } });
    const text = await (await fetch(metrics)).text();
    expect(text).toMatch(/sidecar_api_http_check_decisions_total\{route="\/v1\/http\/check",decision="deny",cause="verdict"\} [1-9]/);
    expect(text).toMatch(/sidecar_api_http_check_decisions_total\{route="\/v1\/http\/check",decision="allow",cause="verdict"\} [1-9]/);
    expect(text).toMatch(/sidecar_api_requests_total\{route="\/v1\/http\/ext_authz\/\*",status="403"\} [1-9]/);
  });
});

describe('proxy checks that cannot decide in time', () => {
  // A chain with a MiniLM tagger after the scorer: its inference cannot finish within 1 ms.
  const processors = `  - type: http_threat
    id: threat
  - type: ticket_tagger
    id: tagger
    field: message
    model: { path: "${MODEL}" }
    labels:
      - { name: shop, description: "browsing products and the cart" }
      - { name: account, description: "signing in and the account" }
`;
  for (const [policy, status] of [['allow', 200], ['deny', 403]] as const) {
    it(`answers on_error: ${policy} (${status}) with X-Threat-Error: timeout`, async () => {
      const { agent, base, metrics } = await checkAgent(`http-check-${policy}`, processors, `  http_check:\n    processors: [threat, tagger]\n    timeout: 1ms\n    on_error: ${policy}\n`);
      try {
        const reply = await nginxCheck(base, '/shop/cart?item=42', { 'user-agent': BROWSER }, false);
        expect(reply.status).toBe(status);
        expect(reply.headers.get('x-threat-decision')).toBe(policy);
        expect(reply.headers.get('x-threat-error')).toBe('timeout');
        const text = await (await fetch(metrics)).text();
        expect(text).toContain(`sidecar_api_http_check_decisions_total{route="/v1/http/check",decision="${policy}",cause="timeout"} 1`);
      } finally {
        expect((await agent.stop()).code).toBe(0);
      }
    }, 90_000);
  }
});

describe('proxy checks: validate', () => {
  it('rejects an on_error other than allow or deny', async () => {
    const dir = await tempDir('http-check-validate');
    const file = await writeConfig(
      dir,
      `inputs:\n  - type: file\n    include: ["./a.log"]\nprocessors:\n  - type: http_threat\n    id: threat\noutputs:\n  - type: stdout\napi:\n  http_check:\n    processors: [threat, waf]\n    on_error: maybe\n`,
    );
    const result = await AgentProcess.start(['validate', '-c', file]).wait();
    expect(result.code).toBe(78);
    expect(result.stderr).toMatch(/api\.http_check\.on_error/);
  });

  it('accepts the documented configuration', async () => {
    const dir = await tempDir('http-check-validate-ok');
    const file = await writeConfig(
      dir,
      `inputs:\n  - type: file\n    include: ["./a.log"]\nprocessors:\n  - { type: http_threat, id: threat }\noutputs:\n  - type: stdout\napi:\n  listen: 127.0.0.1:8087\n  http_check:\n    processors: [threat]\n    timeout: 250ms\n    on_error: allow\n    emit: false\n`,
    );
    const result = await AgentProcess.start(['validate', '-c', file]).wait();
    expect(result.code, result.stderr).toBe(0);
  });

  it('names the place of an unknown processor id in api.http_check.processors', async () => {
    const dir = await tempDir('http-check-validate-id');
    const file = await writeConfig(
      dir,
      `inputs:\n  - type: file\n    include: ["./a.log"]\nprocessors:\n  - type: http_threat\n    id: threat\noutputs:\n  - type: stdout\napi:\n  http_check:\n    processors: [threat, waf]\n`,
    );
    const result = await AgentProcess.start(['validate', '-c', file]).wait();
    expect(result.code).toBe(78);
    expect(result.stderr).toMatch(/api\.http_check\.processors\[1\]/);
    expect(result.stderr).toContain('no processor with id "waf"');
  });
});
