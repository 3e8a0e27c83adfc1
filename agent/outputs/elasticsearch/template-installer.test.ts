import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSearchEngine } from '../../../test/helpers/fake-search-engine.js';
import { BulkTarget } from './bulk-target.js';
import { elasticsearchOutputConfig } from './config.js';
import { createSearchClient } from './search-client.js';
import { TemplateInstaller } from './template-installer.js';

const servers: Server[] = [];
const engines: FakeSearchEngine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** A server that answers template requests with the given statuses, one per request, then 200. */
async function templateServer(statuses: number[]): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests.push(`${req.method} ${req.url}`);
      res.statusCode = statuses.shift() ?? 200;
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-elastic-product', 'Elasticsearch');
      res.end(res.statusCode === 200 ? '{"acknowledged":true}' : `{"error":{"type":"test","reason":"status ${res.statusCode}"},"status":${res.statusCode}}`);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

function installer(url: string, extra: Record<string, unknown> = {}) {
  const config = elasticsearchOutputConfig.parse({ nodes: [url], ...extra });
  const logs: { msg: string; status?: number }[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => logs.push(JSON.parse(line) as (typeof logs)[number]) });
  const client = createSearchClient({ engine: 'elasticsearch', node: url, maxRetries: 0 });
  return { template: new TemplateInstaller(client, config, new BulkTarget(config), logger, new AbortController().signal), logs, client };
}

describe('template installer', () => {
  it('installs the template for the target once, however often it is asked', async () => {
    const engine = new FakeSearchEngine();
    engines.push(engine);
    const { template, client } = installer(await engine.start(), { data_stream: { dataset: 'app' } });
    await Promise.all([template.ready(), template.ready()]);
    await template.ready();
    expect(engine.templates).toHaveLength(1);
    expect(engine.templates[0]).toMatchObject({ index_patterns: ['logs-app-*'], data_stream: {} });
    await client.close();
  });

  it('installs nothing with template.install: false', async () => {
    const engine = new FakeSearchEngine();
    engines.push(engine);
    const { template, client } = installer(await engine.start(), { template: { install: false } });
    await template.ready();
    expect(engine.templates).toHaveLength(0);
    await client.close();
  });

  it('goes on without a template the engine refuses (4xx, a missing template privilege), asking once', async () => {
    for (const status of [400, 403]) {
      const server = await templateServer([status]);
      const { template, logs, client } = installer(server.url, { template: { name: 'mine' } });
      await template.ready();
      await template.ready();
      expect(server.requests).toEqual(['PUT /_index_template/mine']);
      expect(logs.find((l) => l.msg === 'index template rejected; writing without it')).toMatchObject({ status });
      await client.close();
    }
  });

  it('fails while the engine is unavailable or refuses the credentials, and tries again when asked again', async () => {
    for (const status of [503, 401]) {
      const server = await templateServer([status]);
      const { template, logs, client } = installer(server.url);
      await expect(template.ready()).rejects.toThrow();
      await template.ready();
      expect(server.requests).toHaveLength(2);
      expect(logs.filter((l) => l.msg === 'index template installed')).toHaveLength(1);
      await client.close();
    }
  });
});
