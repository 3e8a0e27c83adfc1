import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { apiSchema } from '../../config/api-schema.js';
import { ApiServer } from './server.js';

const servers: ApiServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function start(): Promise<{ server: ApiServer; url: string }> {
  const config = apiSchema.parse({ listen: '127.0.0.1:0' });
  const server = new ApiServer(config, {
    config,
    configDir: '/',
    logger: pino({ level: 'silent' }),
    metrics: new Registry(),
    version: '0.0.0',
    processors: () => [],
    deliver: () => Promise.reject(new Error('no pipeline in this test')),
  });
  servers.push(server);
  return { server, url: `http://${await server.listen()}` };
}

const post = (url: string) => fetch(`${url}/v1/pipelines/clean/process`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ event: { message: 'x' } }) });

describe('ApiServer', () => {
  it('answers 503 with Retry-After while the models load, then serves once opened', async () => {
    const { server, url } = await start();
    const loading = await post(url);
    expect(loading.status).toBe(503);
    expect(loading.headers.get('retry-after')).toBe('1');
    expect(await loading.json()).toEqual({ error: { code: 'API_UNAVAILABLE', message: 'the agent is starting: models are loading' } });
    // The OpenAPI document does not need the models.
    expect((await fetch(`${url}/openapi.json`)).status).toBe(200);
    server.open();
    const served = await post(url);
    expect(served.status).toBe(404); // served: this test configures no pipeline named "clean"
    expect(((await served.json()) as { error: { code: string } }).error.code).toBe('API_NOT_FOUND');
  });

  it('answers 503 once stopping begins', async () => {
    const { server, url } = await start();
    server.open();
    server.beginStopping();
    const stopping = await post(url);
    expect(stopping.status).toBe(503);
    expect(((await stopping.json()) as { error: { message: string } }).error.message).toBe('the agent is stopping');
  });
});
