import http from 'node:http';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { apiSchema } from '../../config/api-schema.js';
import type { Processor } from '../component.js';
import { setField, type LogEvent } from '../event.js';
import { ProcessorStage } from '../runtime/processor-stage.js';
import { ApiServer } from './server.js';

const servers: ApiServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

/** Fake scorers: one that alerts on "attack" in the target, one that throws, one that never answers. */
const alerting: Processor = {
  process: (events: LogEvent[]) => {
    for (const event of events) {
      if (!String(event.message).includes('attack')) continue;
      setField(event, 'event.kind', 'alert');
      setField(event, 'threat', { score: 0.95, severity: 'critical', reasons: [{ detector: 'fake-attack' }] });
    }
    return events;
  },
};
const throwing: Processor = {
  process: () => {
    throw new Error('model file unreadable');
  },
};
const hanging: Processor = { process: () => new Promise<LogEvent[]>(() => undefined) };

async function start(processor: Processor, httpCheck: Record<string, unknown> | undefined, open = true): Promise<{ url: string; registry: Registry }> {
  const config = apiSchema.parse({ listen: '127.0.0.1:0', ...(httpCheck === undefined ? {} : { http_check: { processors: ['score'], ...httpCheck } }) });
  const logger = pino({ level: 'silent' });
  const stages = [new ProcessorStage('score', 'processors[0] (fake)', processor, undefined, logger)];
  const registry = new Registry();
  const server = new ApiServer(config, { config, configDir: '/', logger, metrics: registry, version: '0.0.0', processors: () => stages, deliver: () => Promise.resolve() });
  servers.push(server);
  const url = `http://${await server.listen()}`;
  if (open) server.open();
  return { url, registry };
}

const nginx = (url: string, uri: string, init: RequestInit = {}) => fetch(`${url}/v1/http/check`, { ...init, headers: { 'x-original-uri': uri, 'x-original-method': 'GET', ...(init.headers as Record<string, string>) } });

describe('proxy checks', () => {
  it('denies an alert with 403 and its headers, allows the rest with 200', async () => {
    const { url, registry } = await start(alerting, {});
    const denied = await nginx(url, '/attack');
    expect(denied.status).toBe(403);
    expect(denied.headers.get('x-threat-decision')).toBe('deny');
    expect(denied.headers.get('x-threat-score')).toBe('0.95');
    expect(denied.headers.get('x-threat-severity')).toBe('critical');
    expect(denied.headers.get('x-threat-reasons')).toBe('fake-attack');
    const allowed = await nginx(url, '/shop');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('x-threat-score')).toBe('0');
    const metrics = await registry.metrics();
    expect(metrics).toContain('sidecar_api_http_check_decisions_total{route="/v1/http/check",decision="deny",cause="verdict"} 1');
    expect(metrics).toContain('sidecar_api_http_check_decisions_total{route="/v1/http/check",decision="allow",cause="verdict"} 1');
  });

  it('ignores the Content-Type of an original POST, whose body the proxy does not send', async () => {
    const { url } = await start(alerting, {});
    const reply = await nginx(url, '/attack', { method: 'POST', body: '', headers: { 'content-type': 'application/json', 'x-original-method': 'POST' } });
    expect(reply.status).toBe(403);
  });

  it('checks the Envoy form: the original method and path under the prefix', async () => {
    const { url } = await start(alerting, {});
    expect((await fetch(`${url}/v1/http/ext_authz/attack?x=1`, { method: 'DELETE' })).status).toBe(403);
    expect((await fetch(`${url}/v1/http/ext_authz/shop/cart`, { method: 'PUT' })).status).toBe(200);
  });

  it('gives the chain the host the request was sent to: X-Original-Host from nginx, the check\'s own Host from Envoy', async () => {
    const seen: unknown[] = [];
    const recording: Processor = {
      process: (events: LogEvent[]) => {
        for (const event of events) seen.push((event['url'] as { domain?: string } | undefined)?.domain);
        return events;
      },
    };
    const { url } = await start(recording, {});
    await nginx(url, '/shop', { headers: { 'x-original-host': 'Shop.Example:8443' } });
    const { hostname, port } = new URL(url);
    await new Promise<void>((resolve, reject) => {
      http.get({ hostname, port, path: '/v1/http/ext_authz/cart', headers: { host: 'shop.example' } }, (reply) => reply.resume().on('end', resolve)).on('error', reject);
    });
    await nginx(url, '/shop');
    expect(seen).toEqual(['shop.example', 'shop.example', undefined]);
  });

  for (const [policy, status] of [['allow', 200], ['deny', 403]] as const) {
    it(`answers on_error: ${policy} when a processor throws`, async () => {
      const { url, registry } = await start(throwing, { on_error: policy });
      const reply = await nginx(url, '/shop');
      expect(reply.status).toBe(status);
      expect(reply.headers.get('x-threat-error')).toBe('processor_error');
      expect(((await reply.json()) as { error: { message: string } }).error.message).toContain('model file unreadable');
      expect(await registry.metrics()).toContain(`sidecar_api_http_check_decisions_total{route="/v1/http/check",decision="${policy}",cause="processor_error"} 1`);
    });

    it(`answers on_error: ${policy} when the chain does not answer within the timeout`, async () => {
      const { url } = await start(hanging, { on_error: policy, timeout: '20ms' });
      const reply = await nginx(url, '/shop');
      expect(reply.status).toBe(status);
      expect(reply.headers.get('x-threat-error')).toBe('timeout');
    });

    it(`answers on_error: ${policy} while the agent is starting, instead of 503`, async () => {
      const { url } = await start(alerting, { on_error: policy }, false);
      const reply = await fetch(`${url}/v1/http/ext_authz/shop`);
      expect(reply.status).toBe(status);
      expect(reply.headers.get('x-threat-error')).toBe('unavailable');
    });
  }

  it('answers on_error without X-Original-URI (a proxy not configured to send it)', async () => {
    const { url } = await start(alerting, { on_error: 'deny' });
    const reply = await fetch(`${url}/v1/http/check`);
    expect(reply.status).toBe(403);
    expect(reply.headers.get('x-threat-error')).toBe('bad_request');
  });

  it('answers 503 API_UNAVAILABLE when api.http_check is not configured', async () => {
    const { url } = await start(alerting, undefined);
    const reply = await nginx(url, '/shop');
    expect(reply.status).toBe(503);
    expect(((await reply.json()) as { error: { code: string } }).error.code).toBe('API_UNAVAILABLE');
  });
});
