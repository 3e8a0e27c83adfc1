/**
 * The local API's `emit: true` against real Elasticsearch and real OpenSearch: items processed for the caller
 * are also shipped by the elasticsearch output, the answer carries `acknowledged` only once the engine stored
 * them (no waiting needed before counting), and every item is in the index exactly once.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SidecarClient } from '../../agent/api/client.js';
import { createSearchClient, type SearchEngine } from '../../agent/outputs/elasticsearch/search-client.js';
import { resolveEndpoint } from '../../scripts/services/endpoints.js';
import { AgentProcess, freePort, tempDir, writeConfig } from '../helpers/agent-process.js';

describe.each<SearchEngine>(['elasticsearch', 'opensearch'])('api emit → %s', (engine) => {
  const endpoint = resolveEndpoint(engine);
  let search: Client;
  let agent: AgentProcess;
  let api: SidecarClient;
  const dataset = `itapi_${randomUUID().slice(0, 6)}`;
  const dataStream = `logs-${dataset}-default`;
  const run = randomUUID().slice(0, 8);

  const hits = async (ids: string[]) => {
    await search.indices.refresh({ index: dataStream });
    const found = await search.search<{ ticket?: { id?: string; body?: string }; message?: string }>({ index: dataStream, size: 1000, track_total_hits: true, query: { ids: { values: ids } } });
    return found.hits.hits;
  };

  beforeAll(async () => {
    search = createSearchClient({ engine, node: endpoint.address, compatibleWith: 8, requestTimeoutMs: 60_000 });
    const dir = await tempDir(`api-emit-${engine}`);
    writeFileSync(path.join(dir, 'app.log'), '');
    const port = await freePort();
    const file = await writeConfig(
      dir,
      `state_dir: ./state
pipeline: { checkpoint_interval: 200ms, shutdown_timeout: 30s }
inputs:
  - type: file
    include: ["./app.log"]
processors:
  - { type: parse_json, id: parse }
  - { type: redact, id: redact }
outputs:
  - type: elasticsearch
    id: search
    engine: ${engine}
    nodes: ["${endpoint.address}"]
    data_stream: { dataset: ${dataset} }
    id_field: ticket.id
    retry: { max_backoff: 2s }
api:
  listen: "127.0.0.1:${port}"
  pipelines: { clean: [parse, redact] }
  tickets: [redact]
`,
    );
    agent = AgentProcess.start(['run', '-c', file]);
    // The API answers 503 until the models are loaded: wait for the agent to have started.
    await agent.waitForLog('agent started', 30_000);
    api = new SidecarClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 30_000 });
  });

  afterAll(async () => {
    const finished = await agent?.stop();
    expect(finished?.code, finished?.stderr.slice(-2000)).toBe(0);
    await search.indices.deleteDataStream({ name: dataStream }).catch(() => undefined);
    await search.close();
  });

  it('stores events of a named pipeline once each, acknowledged before the answer', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `P-${run}-${i}`);
    const events = ids.map((id) => ({ message: JSON.stringify({ ticket: { id, body: `write to ${id.toLowerCase()}@example.com` } }) }));
    // Two concurrent batches and the same batch again: at-least-once from the caller's side, once in the index.
    const answers = await Promise.all([api.process('clean', { events: events.slice(0, 25), emit: true }), api.process('clean', { events: events.slice(25), emit: true })]);
    for (const answer of answers) {
      expect(Date.parse(answer.acknowledged ?? '')).not.toBeNaN();
      expect(answer.results).toHaveLength(25);
    }
    expect(await hits(ids)).toHaveLength(50);
    const again = await api.process('clean', { events: events.slice(0, 10), emit: true });
    expect(again.acknowledged).toBeDefined();
    const stored = await hits(ids);
    expect(stored).toHaveLength(50);
    expect(new Set(stored.map((h) => h._id)).size).toBe(50);
    expect(stored.map((h) => h._source?.ticket?.id).sort()).toEqual([...ids].sort());
    expect(JSON.stringify(stored)).not.toContain('@example.com');
  });

  it('stores analyzed tickets once each; without emit nothing is stored', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `T-${run}-${i}`);
    const batch = await api.analyzeTickets({ tickets: ids.slice(0, 15).map((id) => ({ id, subject: 'Refund', body: `card 4111 1111 1111 1111 for ${id}` })), emit: true });
    expect(batch.acknowledged).toBeDefined();
    const singles = await Promise.all(ids.slice(15).map((id) => api.analyzeTickets({ id, body: `ticket ${id}`, emit: true })));
    for (const one of singles) expect(one.acknowledged).toBeDefined();
    const notEmitted = await api.analyzeTickets({ id: `N-${run}`, body: 'only asked, not shipped' });
    expect(notEmitted.acknowledged).toBeUndefined();

    const stored = await hits([...ids, `N-${run}`]);
    expect(stored.map((h) => h._id).sort()).toEqual([...ids].sort());
    expect(JSON.stringify(stored)).not.toContain('4111 1111 1111 1111');
    await search.indices.refresh({ index: dataStream });
    expect((await search.count({ index: dataStream })).count).toBe(70);
  });
});
