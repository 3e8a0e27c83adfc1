import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { errors } from '@elastic/elasticsearch';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { compatibleWithSchema, createSearchClient, searchEngineSchema } from './search-client.js';

// A stand-in server that records what the client sends and answers like OpenSearch (no x-elastic-product
// header) or like Elasticsearch, depending on the path prefix the test picks.
interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

let server: Server;
let base: string;
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8' };
      if (request.headers['x-test-product'] === 'elasticsearch') headers['x-elastic-product'] = 'Elasticsearch';
      const body = (request.url ?? '').startsWith('/_bulk')
        ? { took: 1, errors: false, items: [{ index: { _index: 'logs', _id: '1', status: 201 } }] }
        : { count: 7, _shards: { total: 1, successful: 1, skipped: 0, failed: 0 } };
      response.writeHead(200, headers);
      response.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  seen.length = 0;
});

describe('createSearchClient for OpenSearch', () => {
  it('accepts responses without the x-elastic-product header', async () => {
    const client = createSearchClient({ engine: 'opensearch', node: base, maxRetries: 0 });
    try {
      await expect(client.count({ index: 'logs' })).resolves.toMatchObject({ count: 7 });
    } finally {
      await client.close();
    }
  });

  it('sends plain JSON and NDJSON media types', async () => {
    const client = createSearchClient({ engine: 'opensearch', node: base, maxRetries: 0 });
    try {
      await client.count({ index: 'logs', query: { match_all: {} } });
      await client.bulk({ operations: [{ index: { _index: 'logs' } }, { message: 'hello' }] });
    } finally {
      await client.close();
    }
    const [count, bulk] = seen;
    expect(count?.headers['content-type']).toBe('application/json');
    expect(count?.headers.accept).toBe('application/json');
    expect(bulk?.url).toMatch(/^\/_bulk/);
    expect(bulk?.headers['content-type']).toBe('application/x-ndjson');
    for (const request of seen) {
      expect(`${request.headers.accept ?? ''} ${request.headers['content-type'] ?? ''}`).not.toContain('vnd.elasticsearch');
    }
  });
});

describe('createSearchClient for Elasticsearch', () => {
  it('keeps the product check', async () => {
    const client = createSearchClient({ engine: 'elasticsearch', node: base, maxRetries: 0 });
    try {
      await expect(client.count({ index: 'logs' })).rejects.toBeInstanceOf(errors.ProductNotSupportedError);
    } finally {
      await client.close();
    }
  });

  it('requests the 9.x REST API by default', async () => {
    const client = createSearchClient({
      engine: 'elasticsearch',
      node: base,
      maxRetries: 0,
      headers: { 'x-test-product': 'elasticsearch' },
    });
    try {
      await client.count({ index: 'logs', query: { match_all: {} } });
    } finally {
      await client.close();
    }
    expect(seen[0]?.headers['content-type']).toBe('application/vnd.elasticsearch+json; compatible-with=9');
  });

  it('requests the 8.x REST API with compatibleWith: 8, product check still on', async () => {
    const client = createSearchClient({
      engine: 'elasticsearch',
      node: base,
      maxRetries: 0,
      compatibleWith: 8,
      headers: { 'x-test-product': 'elasticsearch' },
    });
    try {
      await client.count({ index: 'logs', query: { match_all: {} } });
      await client.bulk({ operations: [{ index: { _index: 'logs' } }, { message: 'hello' }] });
    } finally {
      await client.close();
    }
    expect(seen[0]?.headers['content-type']).toBe('application/vnd.elasticsearch+json; compatible-with=8');
    expect(seen[0]?.headers.accept).toContain('compatible-with=8');
    expect(seen[1]?.headers['content-type']).toBe('application/vnd.elasticsearch+x-ndjson; compatible-with=8');

    const unchecked = createSearchClient({ engine: 'elasticsearch', node: base, maxRetries: 0, compatibleWith: 8 });
    try {
      await expect(unchecked.count({ index: 'logs' })).rejects.toBeInstanceOf(errors.ProductNotSupportedError);
    } finally {
      await unchecked.close();
    }
  });

  it('sends basic credentials', async () => {
    const client = createSearchClient({
      engine: 'opensearch',
      node: base,
      maxRetries: 0,
      auth: { username: 'shipper', password: 's3cret' },
    });
    try {
      await client.count({ index: 'logs' });
    } finally {
      await client.close();
    }
    expect(seen[0]?.headers.authorization).toBe(`Basic ${Buffer.from('shipper:s3cret').toString('base64')}`);
  });
});

describe('createSearchClient errors', () => {
  it('keep a failed bulk body as it is (not copied byte by byte) and carry no credentials', async () => {
    // A port nothing listens on: the request fails with a connection error.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = createSearchClient({ engine: 'elasticsearch', node: `http://127.0.0.1:${port}`, maxRetries: 0, auth: { username: 'shipper', password: 's3cret' } });
    const body = Buffer.alloc(4096, 0x61);
    try {
      const failure = await client.transport.request({ method: 'POST', path: '/_bulk', bulkBody: body }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(errors.ConnectionError);
      const params = (failure as InstanceType<typeof errors.ConnectionError>).meta?.meta.request.params;
      // The client's default redaction turned the body into an object with one key per byte.
      expect(params?.body).toBe(body);
      expect(params?.headers).toBeUndefined();
      expect(JSON.stringify((failure as InstanceType<typeof errors.ConnectionError>).meta?.meta.connection ?? null)).not.toContain('s3cret');
    } finally {
      await client.close();
    }
  });
});

describe('schemas', () => {
  it('validate the engine switch and the compatibility version', () => {
    expect(searchEngineSchema.parse('opensearch')).toBe('opensearch');
    expect(searchEngineSchema.safeParse('solr').success).toBe(false);
    expect(compatibleWithSchema.safeParse(8).success).toBe(true);
    expect(compatibleWithSchema.safeParse(7).success).toBe(false);
  });
});
