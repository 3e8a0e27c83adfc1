import { randomUUID } from 'node:crypto';

import type { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  compatibleWithSchema,
  createSearchClient,
  type CompatibleWith,
  type SearchEngine,
} from '../../agent/outputs/elasticsearch/search-client.js';
import { resolveEndpoint } from '../../scripts/services/endpoints.js';

const DOCUMENTS = 1_000;

/**
 * The REST API version to ask an Elasticsearch server for: its own major version, capped at what the client
 * knows. (GET / is missing from Elasticsearch's integ-test distribution, so this asks the node info API.)
 */
async function elasticsearchCompatibility(url: string): Promise<CompatibleWith> {
  const response = await fetch(new URL('_nodes/_local?filter_path=nodes.*.version', `${url}/`));
  expect(response.ok).toBe(true);
  const body = (await response.json()) as { nodes: Record<string, { version: string }> };
  const version = Object.values(body.nodes)[0]?.version ?? '';
  return compatibleWithSchema.parse(Math.min(Number.parseInt(version, 10), 9));
}

describe.each<SearchEngine>(['elasticsearch', 'opensearch'])('%s', (engine) => {
  const url = resolveEndpoint(engine).address;
  const index = `sidecar-smoke-${randomUUID().slice(0, 8)}`;
  let client: Client;

  beforeAll(async () => {
    const compatibleWith = engine === 'elasticsearch' ? await elasticsearchCompatibility(url) : undefined;
    client = createSearchClient({
      engine,
      node: url,
      requestTimeoutMs: 30_000,
      ...(compatibleWith !== undefined ? { compatibleWith } : {}),
    });
  });

  afterAll(async () => {
    await client?.indices.delete({ index }, { ignore: [404] }).catch(() => undefined);
    await client?.close();
  });

  it(`bulk-writes ${DOCUMENTS} documents and counts them`, async () => {
    const created = await client.indices.create({
      index,
      settings: { number_of_shards: 1, number_of_replicas: 0 },
      mappings: { properties: { '@timestamp': { type: 'date' }, message: { type: 'text' }, seq: { type: 'integer' } } },
    });
    expect(created.acknowledged).toBe(true);

    const start = Date.parse('2026-01-01T00:00:00Z');
    const operations = Array.from({ length: DOCUMENTS }, (_, seq) => [
      { index: { _index: index, _id: String(seq) } },
      { '@timestamp': new Date(start + seq * 1000).toISOString(), message: `log line ${seq}`, seq },
    ]).flat();
    const bulk = await client.bulk({ operations });
    expect(bulk.errors).toBe(false);
    expect(bulk.items).toHaveLength(DOCUMENTS);
    expect(bulk.items.every((item) => item.index?.status === 201)).toBe(true);

    await client.indices.refresh({ index });
    const { count } = await client.count({ index });
    expect(count).toBe(DOCUMENTS);

    const found = await client.search<{ seq: number }>({ index, query: { term: { seq: 421 } } });
    expect(found.hits.hits.map((hit) => hit._source?.seq)).toEqual([421]);
  });
});
