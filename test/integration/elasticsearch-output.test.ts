/**
 * The elasticsearch output against real Elasticsearch and real OpenSearch: exact delivery of 100,000
 * events, mapping conflicts to dead letters, and an engine outage in the middle of a run.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSearchClient, type SearchEngine } from '../../agent/outputs/elasticsearch/search-client.js';
import { resolveEndpoint } from '../../scripts/services/endpoints.js';
import { startServices, stopServices } from '../../scripts/services/services.js';
import { AgentProcess, runCli, sleep, tempDir, waitFor, writeConfig } from '../helpers/agent-process.js';

function config(dir: string, engine: SearchEngine, url: string, dataset: string, extra = ''): string {
  return `state_dir: ${dir}/state
pipeline: { checkpoint_interval: 200ms, shutdown_timeout: 30s }
inputs:
  - type: file
    include: ["${dir}/logs/*.log"]
processors:
  - type: parse_json
outputs:
  - type: elasticsearch
    id: search
    engine: ${engine}
    nodes: ["${url}"]
    data_stream: { dataset: ${dataset} }
    id_field: id
    retry: { max_backoff: 2s }
${extra}`;
}

function writeLines(file: string, from: number, count: number, line: (i: number) => string): void {
  let text = '';
  for (let i = from; i < from + count; i++) text += `${line(i)}\n`;
  appendFileSync(file, text);
}

const plainLine = (i: number) => `{"id":"e-${String(i).padStart(8, '0')}","n":${i},"level":"INFO","message":"order ${i} paid"}`;

describe.each<SearchEngine>(['elasticsearch', 'opensearch'])('elasticsearch output → %s', (engine) => {
  const endpoint = resolveEndpoint(engine);
  let client: Client;
  const count = async (dataStream: string) => {
    await client.indices.refresh({ index: dataStream });
    return (await client.count({ index: dataStream })).count;
  };

  beforeAll(() => {
    client = createSearchClient({ engine, node: endpoint.address, compatibleWith: 8, requestTimeoutMs: 60_000 });
  });
  afterAll(() => client.close());

  it('stores 100,000 events exactly once, every _id present', async () => {
    const dir = await tempDir(`es-100k-${engine}`);
    mkdirSync(path.join(dir, 'logs'));
    const total = 100_000;
    writeLines(path.join(dir, 'logs', 'app.log'), 0, total, plainLine);
    const dataset = `it100k_${randomUUID().slice(0, 6)}`;
    const run = await runCli(['run', '--once', '-c', await writeConfig(dir, config(dir, engine, endpoint.address, dataset))]);
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    const dataStream = `logs-${dataset}-default`;
    expect(await count(dataStream)).toBe(total);
    for (let start = 0; start < total; start += 10_000) {
      const ids = Array.from({ length: 10_000 }, (_, i) => `e-${String(start + i).padStart(8, '0')}`);
      const found = await client.search({ index: dataStream, size: 0, track_total_hits: true, query: { ids: { values: ids } } });
      const hits = found.hits.total;
      expect(typeof hits === 'number' ? hits : hits?.value).toBe(10_000);
    }
  });

  it('sends documents that do not fit the mapping to the dead-letter file with the reason; the rest are stored', async () => {
    const dir = await tempDir(`es-conflict-${engine}`);
    mkdirSync(path.join(dir, 'logs'));
    const total = 1000;
    // transaction.amount is a number in the index template: every tenth event carries text there.
    writeLines(path.join(dir, 'logs', 'payments.log'), 0, total, (i) =>
      `{"id":"p-${i}","transaction":{"amount":${i % 10 === 0 ? '"twelve euros"' : i}}}`,
    );
    const dataset = `itconflict_${randomUUID().slice(0, 6)}`;
    const run = await runCli(['run', '--once', '-c', await writeConfig(dir, config(dir, engine, endpoint.address, dataset))]);
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    const stored = await count(`logs-${dataset}-default`);
    const dead = readFileSync(path.join(dir, 'state', 'dead-letter', 'search.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { reason: string; event: { id: string } });
    expect(stored).toBe(900);
    expect(dead).toHaveLength(100);
    expect(stored + dead.length).toBe(total);
    expect(dead.every((d) => /(mapper|document)_parsing_exception/.test(d.reason))).toBe(true);
    expect(dead.map((d) => d.event.id)).toContain('p-0');
    expect(run.stderr).toContain('dead-lettered');
  });

  it('can send rejected documents to a dead-letter index instead, with the original event kept as text', async () => {
    const dir = await tempDir(`es-dlq-index-${engine}`);
    mkdirSync(path.join(dir, 'logs'));
    writeLines(path.join(dir, 'logs', 'payments.log'), 0, 50, (i) => `{"id":"q-${i}","transaction":{"amount":${i % 5 === 0 ? '"n/a"' : i}}}`);
    const dataset = `itdlqindex_${randomUUID().slice(0, 6)}`;
    const deadLetterIndex = `sidecar-dead-letter-${randomUUID().slice(0, 6)}`;
    const yaml = config(dir, engine, endpoint.address, dataset, `    dead_letter: { index: ${deadLetterIndex} }\n`);
    const run = await runCli(['run', '--once', '-c', await writeConfig(dir, yaml)]);
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    expect(await count(`logs-${dataset}-default`)).toBe(40);
    await client.indices.refresh({ index: deadLetterIndex });
    const dead = await client.search<{ 'error.message': string; 'event.original': string }>({ index: deadLetterIndex, size: 100 });
    expect(dead.hits.hits).toHaveLength(10);
    const first = dead.hits.hits[0]?._source;
    expect(first?.['error.message']).toMatch(/(mapper|document)_parsing_exception/);
    expect(JSON.parse(first?.['event.original'] ?? '{}')).toHaveProperty('transaction');
    await client.indices.delete({ index: deadLetterIndex });
  });

  it('stamps ecs.version on every document; on Elasticsearch the data stream gets the configured retention', async () => {
    const dir = await tempDir(`es-lifecycle-${engine}`);
    mkdirSync(path.join(dir, 'logs'));
    writeLines(path.join(dir, 'logs', 'app.log'), 0, 20, plainLine);
    const dataset = `itlifecycle_${randomUUID().slice(0, 6)}`;
    const retention = engine === 'elasticsearch' ? '    template: { retention: 7d }\n' : '';
    const run = await runCli(['run', '--once', '-c', await writeConfig(dir, config(dir, engine, endpoint.address, dataset, retention))]);
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    const dataStream = `logs-${dataset}-default`;
    await client.indices.refresh({ index: dataStream });
    const docs = await client.search<{ ecs?: { version?: string } }>({ index: dataStream, size: 100 });
    expect(docs.hits.hits.map((hit) => hit._source?.ecs?.version)).toEqual(Array(20).fill('8.17.0'));
    // From the cluster state: the data-stream APIs are a module the test distributions leave out.
    type StreamMetadata = { metadata: { data_stream: { data_stream: Record<string, { lifecycle?: unknown }> } } };
    const state = (await client.cluster.state({ metric: 'metadata', filter_path: `metadata.data_stream.data_stream.${dataStream}` })) as unknown as StreamMetadata;
    const lifecycle = state.metadata.data_stream.data_stream[dataStream]?.lifecycle;
    if (engine === 'elasticsearch') expect(lifecycle).toMatchObject({ enabled: true, data_retention: '7d' });
    else expect(lifecycle).toBeUndefined();
  });

  it.skipIf(endpoint.external)('survives the engine being stopped for 30 s mid-run and loses nothing', async () => {
    const dir = await tempDir(`es-outage-${engine}`);
    mkdirSync(path.join(dir, 'logs'));
    const log = path.join(dir, 'logs', 'app.log');
    writeFileSync(log, '');
    const dataset = `itoutage_${randomUUID().slice(0, 6)}`;
    const dataStream = `logs-${dataset}-default`;
    const agent = AgentProcess.start(['run', '-c', await writeConfig(dir, config(dir, engine, endpoint.address, dataset))]);
    await agent.waitForLog('following file');
    writeLines(log, 0, 5000, plainLine);
    await waitFor(async () => (await count(dataStream).catch(() => 0)) === 5000, 60_000, 'the first 5,000 events');

    await stopServices([engine]);
    const downAt = Date.now();
    for (let i = 0; i < 10; i++) {
      writeLines(log, 5000 + i * 1000, 1000, plainLine);
      await sleep(1000);
    }
    await sleep(Math.max(0, 30_000 - (Date.now() - downAt)));
    expect(agent.child.exitCode).toBeNull(); // still running after 30 s without its engine
    await startServices([engine]);

    await waitFor(async () => (await count(dataStream).catch(() => 0)) === 15_000, 120_000, 'all 15,000 events after the outage');
    const finished = await agent.stop();
    expect(finished.code).toBe(0);
    expect(finished.stderr).toContain('bulk request failed; retrying');
    expect(finished.stderr).toContain('search engine accepts writes again');
  }, 300_000);
});
