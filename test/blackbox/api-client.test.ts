/**
 * The typed client (`sidecar-ai/client`, agent/api/client.ts) against a spawned agent: each route, single and
 * batch, emit with acknowledgement, and error answers surfaced as SidecarApiError with code, status and
 * Retry-After.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SidecarApiError, SidecarClient } from '../../agent/api/client.js';
import { readEvents, waitFor } from '../helpers/agent-process.js';
import { startApiAgent, type ApiAgent } from '../helpers/api-agent.js';

describe('typed API client', () => {
  let running: ApiAgent;
  let client: SidecarClient;

  beforeAll(async () => {
    running = await startApiAgent('api-client');
    client = new SidecarClient({ baseUrl: running.url, token: running.token, timeoutMs: 10_000 });
  });
  afterAll(async () => {
    const finished = await running.agent.stop();
    expect(finished.code).toBe(0);
  });

  it('analyzes one ticket and a batch (redactions applied)', async () => {
    const one = await client.analyzeTickets({ id: 'T-1', subject: 'Refund', body: 'Write to jane.doe@example.com please' });
    expect(one.id).toBe('T-1');
    expect(one.tags).toEqual([]);
    expect(one.text).toBe('Write to [REDACTED:email] please');
    expect(one.acknowledged).toBeUndefined();
    const batch = await client.analyzeTickets({ tickets: [{ id: 'a', body: 'one' }, { id: 'b', body: 'two' }] });
    expect(batch.results.map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('scores transactions (the online model is still learning)', async () => {
    const one = await client.scoreTransactions({ transaction: { amount: 12.5, merchant: { category: 'grocery' } } });
    expect(one.status).toBe('learning');
    const batch = await client.scoreTransactions({ transactions: [{ transaction: { amount: 1 } }, { transaction: { amount: 2 } }] });
    expect(batch.results).toHaveLength(2);
  });

  it('runs a named pipeline and emits to the outputs with acknowledgement', async () => {
    const one = await client.process('clean', { event: { message: '{"level":"INFO","user":"bob@example.com","k":"api-client-1"}' }, emit: true });
    expect(one.level).toBe('INFO');
    expect(JSON.stringify(one)).not.toContain('bob@example.com');
    expect(typeof one.acknowledged).toBe('string');
    await waitFor(async () => (await readEvents(path.join(running.dir, 'out', 'events.ndjson'))).some((e) => e.k === 'api-client-1'), 10_000, 'the emitted event in the file output');
    const batch = await client.process('clean', { events: [{ message: 'a' }, { message: 'b' }] });
    expect(batch.results.map((e) => e.message)).toEqual(['a', 'b']);
  });

  it('surfaces error answers as SidecarApiError with code, status, path and Retry-After', async () => {
    const unknown = await client.process('nope', { event: { message: 'x' } }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(SidecarApiError);
    expect(unknown).toMatchObject({ code: 'API_NOT_FOUND', status: 404, retryAfter: undefined });

    const bad = await client.analyzeTickets({ tickets: [{ id: 'x', body: '' }] }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'API_BAD_REQUEST', status: 400, path: 'tickets.0.body' });

    const anonymous = new SidecarClient({ baseUrl: running.url });
    await expect(anonymous.analyzeTickets({ body: 'x' })).rejects.toMatchObject({ name: 'SidecarApiError', code: 'API_UNAUTHORIZED', status: 401 });

    // A route that is not configured: 503 with Retry-After, retriable.
    const partial = await startApiAgent('api-client-partial', { transactions: undefined });
    try {
      const other = new SidecarClient({ baseUrl: partial.url, token: partial.token });
      const unavailable = await other.scoreTransactions({ transaction: { amount: 1 } }).catch((e: unknown) => e);
      expect(unavailable).toBeInstanceOf(SidecarApiError);
      expect(unavailable).toMatchObject({ code: 'API_UNAVAILABLE', status: 503, retryAfter: 1, retriable: true });
    } finally {
      await partial.agent.stop();
    }
  });

  it('reports a refused connection as code NETWORK, status 0', async () => {
    const nowhere = new SidecarClient({ baseUrl: 'http://127.0.0.1:1' });
    await expect(nowhere.openApi()).rejects.toMatchObject({ code: 'NETWORK', status: 0 });
    expect(Object.keys((await client.openApi()).paths as object)).toContain('/v1/tickets/analyze');
  });
});
