import type { Client } from '@elastic/elasticsearch';
import { Registry } from 'prom-client';
import { pino } from 'pino';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../event.js';
import { BulkRequester } from './bulk-request.js';
import { BulkTarget } from './bulk-target.js';
import { elasticsearchOutputConfig } from './config.js';
import { bulkMetrics } from './metrics.js';
import { RequestBatcher, type Item } from './request-batcher.js';
import { TemplateInstaller } from './template-installer.js';

/** What the stub engine answers one bulk request with: an HTTP status and body, or a thrown error (no answer). */
type Answer = { status: number; body: string; contentType?: string } | Error;

/** A client whose transport answers bulk requests from a script and template requests with 200. */
function stubClient(answers: Answer[]) {
  const bodies: string[] = [];
  const client = {
    transport: {
      request: async (params: { method: string; bulkBody?: Buffer }) => {
        if (params.method === 'PUT') return { statusCode: 200, headers: {}, body: {} };
        bodies.push(String(params.bulkBody));
        const answer = answers.shift() ?? { status: 200, body: '{"errors":false}' };
        if (answer instanceof Error) throw answer;
        return { statusCode: answer.status, headers: { 'content-type': answer.contentType ?? 'application/json' }, body: Readable.from([Buffer.from(answer.body)]) };
      },
    },
  };
  return { client: client as unknown as Client, bodies };
}

const events = (n: number): LogEvent[] => Array.from({ length: n }, (_, i) => ({ '@timestamp': '2026-03-04T05:06:07.000Z', message: `event ${i}` }));

async function setup(answers: Answer[], n: number) {
  const config = elasticsearchOutputConfig.parse({ batch: { max_events: n }, template: { install: false } });
  const { client, bodies } = stubClient(answers);
  const target = new BulkTarget(config);
  const cut: Item[][] = [];
  const batcher = new RequestBatcher(target, config.batch, { send: (items) => cut.push(items), sendsPartial: () => false });
  const registry = new Registry();
  const resent: Item[][] = [];
  const requester = new BulkRequester({
    client,
    target,
    template: new TemplateInstaller(client, config, target, pino({ level: 'silent' }), new AbortController().signal),
    batcher,
    metrics: bulkMetrics(registry, 'search'),
    requestTimeout: 1000,
    signal: new AbortController().signal,
    resend: (items) => resent.push(items),
  });
  let report: unknown;
  void batcher.add(events(n)).then((r) => (report = r));
  const items = cut[0] as Item[];
  const results = async () => (await registry.getSingleMetricAsString('sidecar_output_bulk_requests_total')).split('\n').filter((l) => !l.startsWith('#'));
  return { requester, items, bodies, resent, results, report: () => report };
}

const itemsAnswer = (statuses: number[]) => ({
  status: 200,
  body: JSON.stringify({ errors: true, items: statuses.map((status) => ({ create: status < 300 ? { status } : { status, error: { type: 'mapper_parsing_exception', reason: `failed with ${status}` } } })) }),
});

describe('one bulk request', () => {
  it('settles every item when the engine stored them all', async () => {
    const { requester, items, bodies, results, report } = await setup([{ status: 200, body: '{"errors":false}' }], 2);
    expect(await requester.send(items)).toEqual({ retry: [], rejected: [] });
    expect(bodies).toHaveLength(1);
    await Promise.resolve();
    expect(report()).toEqual({ deadLettered: 0 });
    expect(await results()).toEqual(['sidecar_output_bulk_requests_total{component="search",result="stored"} 1']);
  });

  it('sorts items into stored, to send again (429/5xx, with the first reason) and rejected (other 4xx)', async () => {
    const { requester, items, results } = await setup([itemsAnswer([201, 429, 400, 503])], 4);
    const outcome = await requester.send(items);
    expect(outcome.retry.map((item) => item.event.message)).toEqual(['event 1', 'event 3']);
    expect(outcome.retryReason).toBe('429 mapper_parsing_exception: failed with 429');
    expect(outcome.rejected.map(({ item, reason }) => [item.event.message, reason])).toEqual([['event 2', '400 mapper_parsing_exception: failed with 400']]);
    expect(outcome.error).toBeUndefined();
    expect(await results()).toEqual(['sidecar_output_bulk_requests_total{component="search",result="partial"} 1']);
  });

  it('sends everything again, with the reason, when the answer is not a bulk response (a proxy page)', async () => {
    const { requester, items, results } = await setup([{ status: 200, body: '<html>bad gateway</html>', contentType: 'text/html' }], 2);
    const outcome = await requester.send(items);
    expect(outcome.retry).toEqual(items);
    expect(outcome.rejected).toEqual([]);
    expect(outcome.error).toMatch(/^bulk response is not JSON \(.*; content-type text\/html\): <html>bad gateway<\/html>$/);
    expect(await results()).toEqual(['sidecar_output_bulk_requests_total{component="search",result="failed"} 1']);
  });

  it('sends everything again when the request fails without an answer or with 5xx/429/408', async () => {
    for (const answer of [new Error('connect ECONNREFUSED'), { status: 503, body: 'unavailable' }, { status: 429, body: 'busy' }, { status: 408, body: 'timeout' }]) {
      const { requester, items } = await setup([answer], 2);
      const outcome = await requester.send(items);
      expect(outcome.retry).toEqual(items);
      expect(outcome.error).toBeDefined();
    }
  });

  it('sends everything again, naming the cause, while the engine refuses the credentials (401/403/407)', async () => {
    for (const status of [401, 403, 407]) {
      const { requester, items } = await setup([{ status, body: 'denied' }], 2);
      const outcome = await requester.send(items);
      expect(outcome.retry).toEqual(items);
      expect(outcome.error).toBe(`HTTP ${status}: denied (the engine refused the agent's credentials or privileges; check auth)`);
    }
  });

  it('rejects every item, with the status, when the engine refuses the whole request (other 4xx)', async () => {
    const { requester, items } = await setup([{ status: 400, body: 'malformed' }], 2);
    const outcome = await requester.send(items);
    expect(outcome.retry).toEqual([]);
    expect(outcome.rejected).toEqual(items.map((item) => ({ item, reason: 'bulk request rejected with 400: HTTP 400: malformed' })));
  });

  it('halves a request the engine finds too large, down to single items', async () => {
    const { requester, items, resent } = await setup([{ status: 413, body: 'too large' }, { status: 413, body: 'too large' }], 3);
    expect(await requester.send(items)).toEqual({ retry: [], rejected: [] });
    expect(resent.map((part) => part.map((item) => item.event.message))).toEqual([['event 0', 'event 1'], ['event 2']]);
    const single = resent[1] as Item[];
    const outcome = await requester.send(single);
    expect(outcome.rejected.map(({ reason }) => reason)).toEqual(['bulk request rejected with 413: HTTP 413: too large']);
  });
});
