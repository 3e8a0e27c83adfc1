import { Registry } from 'prom-client';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryDeadLetters } from '../../../test/helpers/dead-letters.js';
import { FakeSearchEngine } from '../../../test/helpers/fake-search-engine.js';
import type { ComponentContext, Output } from '../../component.js';
import type { LogEvent } from '../../event.js';
import { DeadLetterFile } from '../../runtime/dead-letters.js';
import { ComponentStats } from '../../runtime/stats.js';
import { elasticsearchOutput } from './index.js';

const engines: FakeSearchEngine[] = [];
const outputs: Output[] = [];
afterEach(async () => {
  for (const output of outputs.splice(0)) await output.close().catch(() => undefined);
  for (const engine of engines.splice(0)) await engine.stop();
});

async function setup(engine: FakeSearchEngine, extra: Record<string, unknown> = {}) {
  engines.push(engine);
  const url = await engine.start();
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'es-output-'));
  const stats = new ComponentStats();
  const logs: { msg: string; level: number }[] = [];
  const metrics = new Registry();
  const logger = pino({ level: 'debug' }, { write: (line: string) => logs.push(JSON.parse(line) as { msg: string; level: number }) });
  const ctx: ComponentContext = {
    id: 'search',
    location: 'outputs[0]',
    logger,
    stateDir,
    configDir: stateDir,
    deadLetters: new DeadLetterFile(stateDir, 'search', { stats, logger, stop: new AbortController().signal }),
    metrics,
  };
  const config = elasticsearchOutput.config.parse({
    nodes: [url],
    retry: { initial_backoff: '10ms', max_backoff: '50ms' },
    batch: { flush_interval: '20ms' },
    ...extra,
  });
  const output = await elasticsearchOutput.create(config, ctx);
  outputs.push(output);
  return { output, stateDir, deadLettered: () => stats.deadLettered.get('search') ?? 0, logs, metrics };
}

/** The output's counters as `name{label=value,...}` → value, from the Prometheus text format. */
async function counters(registry: Registry): Promise<Record<string, number>> {
  const values: Record<string, number> = {};
  for (const line of (await registry.metrics()).split('\n')) {
    const match = /^(sidecar_output_\w+)\{component="search",(\w+)="(\w+)"\} (\d+)$/.exec(line);
    if (match) values[`${match[1]}{${match[2]}=${match[3]}}`] = Number(match[4]);
  }
  return values;
}

const events = (n: number): LogEvent[] =>
  Array.from({ length: n }, (_, i) => ({ '@timestamp': '2026-03-04T05:06:07.000Z', message: `event ${i}`, seq: i }));

describe('elasticsearch output', () => {
  it('sends a partial batch at once while a request slot is free, and fills batches while all are busy', async () => {
    const engine = new FakeSearchEngine();
    engine.delayMs = 300;
    const { output } = await setup(engine, { batch: { max_events: 1000, flush_interval: '20s' }, max_in_flight_requests: 1 });
    const started = performance.now();
    const first = output.write(events(3)); // the slot is free: sent now, not after 20 s
    await new Promise((r) => setTimeout(r, 50));
    const second = output.write(events(2)); // the only slot is busy: waits for it, then goes at once
    await Promise.all([first, second]);
    expect(engine.calls.map((c) => c.docs.length)).toEqual([3, 2]);
    expect((engine.arrivals[1] ?? 0) - (engine.arrivals[0] ?? 0)).toBeGreaterThanOrEqual(250);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('retries items rejected with 429/5xx, dead-letters 4xx items with the reason, acknowledges once all are settled', async () => {
    const engine = new FakeSearchEngine((call, n) => (n === 1 ? [201, 429, 400, 503] : call.docs.map(() => 201)));
    const { output, stateDir, deadLettered, logs, metrics } = await setup(engine);
    // The write reports what it dead-lettered, so the runtime counts those events once, not also as stored.
    expect(await output.write(events(4))).toEqual({ deadLettered: 1 });
    const sentSeqs = engine.calls.map((c) => c.docs.map((d) => d.seq));
    expect(sentSeqs).toEqual([[0, 1, 2, 3], [1, 3]]);
    expect(deadLettered()).toBe(1);
    expect(await counters(metrics)).toEqual({
      'sidecar_output_bulk_requests_total{result=partial}': 1,
      'sidecar_output_bulk_requests_total{result=stored}': 1,
      'sidecar_output_events_retried_total{cause=item}': 2,
    });
    const retryLog = logs.find((l) => l.msg === 'search engine asked to send events again; retrying') as { level: number; reason: string; events: number } | undefined;
    expect(retryLog).toMatchObject({ level: 40, events: 2 }); // the first of a run: a warning
    expect(retryLog?.reason).toContain('429');
    const dead = JSON.parse((await readFile(path.join(stateDir, 'dead-letter', 'search.ndjson'), 'utf8')).trim()) as { reason: string; event: LogEvent };
    expect(dead.event.seq).toBe(2);
    expect(dead.reason).toContain('400 mapper_parsing_exception');
  });

  it('retries whole requests that fail (5xx, connection) until the engine accepts them', async () => {
    const engine = new FakeSearchEngine((call, n) => (n <= 3 ? 503 : call.docs.map(() => 201)));
    const { output, metrics } = await setup(engine);
    await output.write(events(3));
    expect(engine.calls).toHaveLength(4);
    expect(engine.calls[3]?.docs).toHaveLength(3);
    expect(await counters(metrics)).toEqual({
      'sidecar_output_bulk_requests_total{result=failed}': 3,
      'sidecar_output_bulk_requests_total{result=stored}': 1,
      'sidecar_output_events_retried_total{cause=request}': 9,
    });
  });

  it('never acknowledges while the engine fails; close() rejects the pending write', async () => {
    const engine = new FakeSearchEngine(() => 503);
    const { output } = await setup(engine);
    let settled = 'pending';
    const write = output.write(events(2)).then(
      () => (settled = 'resolved'),
      () => (settled = 'rejected'),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe('pending');
    expect(engine.calls.length).toBeGreaterThan(2);
    await output.close();
    await write;
    expect(settled).toBe('rejected');
  });

  it('batches by count, writes to the data stream with data_stream fields, installs the template first', async () => {
    const engine = new FakeSearchEngine();
    const { output } = await setup(engine, { batch: { max_events: 2, flush_interval: '20ms' } });
    await output.write(events(5));
    expect(engine.calls.map((c) => c.docs.length)).toEqual([2, 2, 1]);
    expect(engine.calls[0]?.actions[0]).toEqual({ create: { _index: 'logs-sidecar-default' } });
    expect(engine.calls[0]?.docs[0]).toMatchObject({ data_stream: { type: 'logs', dataset: 'sidecar', namespace: 'default' }, message: 'event 0' });
    expect(engine.templates).toHaveLength(1);
    expect(engine.templates[0]).toMatchObject({ index_patterns: ['logs-sidecar-*'], data_stream: {} });
  });

  it('writes to dated plain indices with _id from a field; a 409 on create-with-id counts as stored', async () => {
    const engine = new FakeSearchEngine();
    const { output } = await setup(engine, { index: 'app-logs-%{+yyyy.MM.dd}', id_field: 'seq' });
    await output.write(events(1));
    expect(engine.calls[0]?.actions[0]).toEqual({ index: { _index: 'app-logs-2026.03.04', _id: '0' } });
    expect(engine.calls[0]?.docs[0]).not.toHaveProperty('data_stream');

    const dsEngine = new FakeSearchEngine(() => [409]);
    const ds = await setup(dsEngine, { id_field: 'seq' });
    await ds.output.write(events(1));
    expect(ds.deadLettered()).toBe(0);
  });

  it('dead-letters everything when the engine rejects the whole request as malformed (4xx)', async () => {
    const engine = new FakeSearchEngine(() => 400);
    const { output, deadLettered } = await setup(engine);
    await output.write(events(3));
    expect(deadLettered()).toBe(3);
    expect(engine.calls).toHaveLength(1);
  });

  it('retries, never dead-letters, while the engine refuses its credentials (401/403), naming the cause', async () => {
    // Expired credentials, then a role without write access, then fixed.
    const engine = new FakeSearchEngine((call, n) => (n === 1 ? 401 : n === 2 ? 403 : call.docs.map(() => 201)));
    const { output, deadLettered, logs } = await setup(engine);
    await output.write(events(3));
    expect(deadLettered()).toBe(0);
    expect(engine.calls.map((c) => c.docs.length)).toEqual([3, 3, 3]);
    const failure = logs.find((l) => l.msg === 'bulk request failed; retrying') as { err: string } | undefined;
    expect(failure?.err).toContain("the engine refused the agent's credentials or privileges; check auth");
  });
});

describe('elasticsearch output without a reachable engine', () => {
  it('treats connection refused as temporary: retries, never dead-letters', async () => {
    const stateDir = await mkdtemp(path.join(os.tmpdir(), 'es-output-'));
    const deadLetters = new MemoryDeadLetters();
    const ctx: ComponentContext = { id: 'search', location: 'outputs[0]', logger: pino({ level: 'silent' }), stateDir, configDir: stateDir, deadLetters, metrics: new Registry() };
    // A port nothing listens on: take a free one from a server that is closed again.
    const engine = new FakeSearchEngine();
    const url = await engine.start();
    await engine.stop();
    const config = elasticsearchOutput.config.parse({ nodes: [url], retry: { initial_backoff: '10ms', max_backoff: '20ms' }, batch: { flush_interval: '10ms' } });
    const output = await elasticsearchOutput.create(config, ctx);
    let settled = false;
    const write = output.write(events(2)).then(() => (settled = true), () => (settled = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false);
    expect(deadLetters.counted).toBe(0);
    await output.close();
    await write;
  });
});
