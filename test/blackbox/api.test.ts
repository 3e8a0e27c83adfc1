/**
 * The local HTTP API of a running agent, over real HTTP and a Unix socket: ticket tags and summaries with the
 * real MiniLM weights, payment scores from an online isolation forest, named chains, every error status with
 * its code, admission (429) and timeouts (503), OpenAPI, Prometheus metrics, emit to the outputs, and the
 * API under full-speed log load with nothing lost.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentProcess, freePort, readEvents, tempDir, waitFor, writeConfig } from '../helpers/agent-process.js';
import { LineLedger } from '../helpers/line-ledger.js';
import { startAgentWithApi, type ConfiguredAgent } from '../helpers/api-agent.js';

const MODEL = path.resolve(import.meta.dirname, '../../models/all-minilm-l6-v2');
const TOKEN_ENV = 'SIDECAR_API_TEST_TOKEN';
const TOKEN = 'test-token-0123456789';

const LABELS = `
    labels:
      - name: billing
        description: "charges, invoices, VAT, double or failed payments"
        examples: ["I was charged twice for one order", "Please send me an invoice for my purchase"]
      - name: refund
        description: "money back for returns or cancelled orders"
        examples: ["I returned the item but never got my money back"]
      - name: shipping
        description: "parcels, deliveries, tracking, lost, late or wrong items"
        examples: ["Tracking says delivered but nothing arrived", "I received the wrong size"]
      - name: login
        description: "signing in, passwords, locked accounts"
        examples: ["I cannot log in after resetting my password"]
      - name: bug
        description: "the app or website crashes, errors, something does not work"
        examples: ["The app crashes when I open the cart"]
      - name: fraud
        description: "payments the customer did not make, stolen cards"
        examples: ["There is a payment I did not make, please block my card"]`;

/** The processors every API agent here has: redact, cleaning, language, entities, taggers and summarizer (MiniLM), an online forest. */
const PROCESSORS = `processors:
  - type: redact
    id: redact
  - type: ticket_tagger
    id: tagger
    when: { has_fields: [ticket.id] }
    field: [ticket.subject, message]
    model: { path: "${MODEL}" }
    top_k: 2${LABELS}
  - type: ticket_clean
    id: clean
    when: { has_fields: [ticket.id] }
  - type: detect_language
    id: language
    when: { has_fields: [ticket.id] }
  - type: ticket_entities
    id: entities
    when: { has_fields: [ticket.id] }
  - type: ticket_tagger
    id: priority
    when: { has_fields: [ticket.id] }
    label_set: priority
    field: [ticket.subject, message]
    model: { path: "${MODEL}" }
  - type: ticket_summarizer
    id: summarizer
    when: { has_fields: [ticket.id] }
    field: message
    model: { path: "${MODEL}" }
    max_chars: 120
  - type: anomaly
    id: payments
    when: { has_fields: [transaction.amount] }
    features:
      - { field: transaction.amount, type: numeric, transform: log }
      - { field: transaction.merchant.category, type: categorical }
    warmup: 20
    refit_every: 1000
    seed: 7
    # Fixed cut-offs: the top 1 % of 20 warm-up events is only the highest of them.
    severity: {}
`;

interface Reply {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

class Client {
  constructor(
    readonly base: string,
    private readonly token?: string,
  ) {}

  async post(route: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    return this.send('POST', route, typeof body === 'string' ? body : JSON.stringify(body), headers);
  }

  async get(route: string, headers: Record<string, string> = {}): Promise<Reply> {
    return this.send('GET', route, undefined, headers);
  }

  private async send(method: string, route: string, body: string | undefined, headers: Record<string, string>): Promise<Reply> {
    const response = await fetch(`${this.base}${route}`, {
      method,
      body,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(this.token === undefined ? {} : { authorization: `Bearer ${this.token}` }), ...headers },
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
  }
}

/** One request over a Unix socket (node:http, since fetch cannot). */
function overSocket(socketPath: string, method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = httpRequest({ socketPath, method, path: route, headers: { ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const typical = (i: number) => ({ transaction: { amount: 20 + ((i * 7) % 60), merchant: { category: i % 2 === 0 ? 'grocery' : 'fuel' }, card: { id: `c${i % 5}` } } });

function billingTicket(id: string) {
  return { id, subject: 'Charged twice', body: 'I was charged twice for my last order with card 4111 1111 1111 1111. Please refund the duplicate charge and send me a corrected invoice.' };
}

describe('api: tickets, transactions, pipelines, errors, metrics', () => {
  let dir: string;
  let agent: AgentProcess;
  let api: Client;
  let metricsUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    ({ dir, agent, metrics: metricsUrl } = await apiAgent(
      'api',
      `  listen: "127.0.0.1:${port}"
  token: { env: ${TOKEN_ENV} }
  body_limit: 64KiB
  tickets: [redact, clean, language, entities, tagger, priority, summarizer]
  transactions: [payments]
  pipelines:
    scrub: [redact]
`,
      { [TOKEN_ENV]: TOKEN },
    ));
    api = new Client(`http://127.0.0.1:${port}`, TOKEN);
  });

  afterAll(async () => {
    const finished = await agent?.stop();
    expect(finished?.code).toBe(0);
  });

  it('analyzes a billing ticket: billing tag, a summary, the card number redacted', async () => {
    const reply = await api.post('/v1/tickets/analyze', billingTicket('T-1'));
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.id).toBe('T-1');
    expect(reply.body.tags).toContain('billing');
    expect(reply.body.tags.length).toBeLessThanOrEqual(2);
    expect(reply.body.tag_scores.billing).toBeTypeOf('number');
    expect(reply.body.summary).toBeTypeOf('string');
    expect(reply.body.summary.length).toBeGreaterThan(0);
    expect(reply.body.summary.length).toBeLessThanOrEqual(120);
    expect(reply.body.text).toContain('[REDACTED:card]');
    expect(reply.body.text).not.toContain('4111');
    expect(reply.body.summary).not.toContain('4111');
    const version = expect.stringMatching(/^all-minilm-l6-v2@[0-9a-f]{8}$/);
    expect(reply.body.model_versions).toEqual({ tagger: version, priority: version, summarizer: version });
    expect(reply.body.acknowledged).toBeUndefined();
  });

  it('answers what the whole ticket chain found: cleaned text, language, key facts, priority', async () => {
    const reply = await api.post('/v1/tickets/analyze', {
      id: 'T-2',
      subject: 'Order ORD-447702 charged twice',
      body: 'Hi team,\n\nmy order ORD-447702 was charged twice, 58.00 GBP each time. Please refund the second charge today.\n\nBest regards,\nAnna Smith\nSent from my iPhone',
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.text).toContain('charged twice, 58.00 GBP');
    expect(reply.body.text).not.toContain('Hi team');
    expect(reply.body.text).not.toContain('Sent from my iPhone');
    expect(reply.body.language).toBe('en');
    expect(reply.body.entities.order_id).toEqual(['ORD-447702']);
    expect(reply.body.entities.amount).toEqual(['58.00 GBP']);
    expect(['urgent', 'normal', 'low']).toContain(reply.body.priority);
    expect(reply.body.tags_confidence).toBe('normal');
    expect(reply.body.tags).toContain('billing');
  });

  it('answers a batch of tickets in order', async () => {
    const reply = await api.post('/v1/tickets/analyze', {
      tickets: [
        billingTicket('B-1'),
        { id: 'B-2', subject: 'Parcel never arrived', body: 'Tracking says the parcel was delivered yesterday but nothing arrived at my door.' },
        { id: 'B-3', body: 'I cannot log in to my account after resetting my password, it says my account is locked.' },
      ],
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.results.map((r: { id: string }) => r.id)).toEqual(['B-1', 'B-2', 'B-3']);
    expect(reply.body.results[0].tags).toContain('billing');
    expect(reply.body.results[1].tags).toContain('shipping');
    expect(reply.body.results[2].tags).toContain('login');
  });

  it('scores payments: learning during warm-up, then typical ones low and an extreme one higher', async () => {
    const warm = await api.post('/v1/transactions/score', { transactions: Array.from({ length: 10 }, (_, i) => typical(i)) });
    expect(warm.status, JSON.stringify(warm.body)).toBe(200);
    expect(warm.body.results).toHaveLength(10);
    for (const r of warm.body.results) expect(r.status).toBe('learning');
    // More typical payments until the forest is trained (in a worker) and answers are scored.
    let i = 10;
    await waitFor(
      async () => {
        const reply = await api.post('/v1/transactions/score', typical(i++));
        expect(reply.status).toBe(200);
        return reply.body.status !== 'learning';
      },
      30_000,
      'the online forest to finish warming up',
    );
    const normal = await api.post('/v1/transactions/score', { transactions: [typical(1), typical(2), typical(3)] });
    expect(normal.status).toBe(200);
    const extreme = await api.post('/v1/transactions/score', { transaction: { amount: 9_500_000, merchant: { category: 'casino-offshore' }, card: { id: 'c1' } } });
    expect(extreme.status, JSON.stringify(extreme.body)).toBe(200);
    for (const r of [...normal.body.results, extreme.body]) {
      expect(r.status).not.toBe('learning');
      expect(r.score).toBeTypeOf('number');
      expect(['low', 'medium', 'high', 'critical']).toContain(r.severity);
      expect(r.is_anomaly).toBeTypeOf('boolean');
      expect(r.model_version).toBeTypeOf('string');
    }
    const highestNormal = Math.max(...normal.body.results.map((r: { score: number }) => r.score));
    expect(extreme.body.score).toBeGreaterThan(highestNormal);
    for (const r of normal.body.results) expect(r.is_anomaly).toBe(false);
    expect(extreme.body.is_anomaly).toBe(true);
    expect(extreme.body.severity).not.toBe('low');
    expect(extreme.body.explanation).toBeDefined();
    expect(JSON.stringify(extreme.body.explanation)).toMatch(/transaction\.(amount|merchant\.category)/);
  });

  it('runs a named chain, single and batch, and answers 404 API_NOT_FOUND for an unknown one', async () => {
    const single = await api.post('/v1/pipelines/scrub/process', { event: { message: 'write to jane.doe@example.com', custom: { keep: 1 } } });
    expect(single.status, JSON.stringify(single.body)).toBe(200);
    expect(single.body.message).not.toContain('jane.doe@example.com');
    expect(single.body.message).toContain('[REDACTED:');
    expect(single.body.custom).toEqual({ keep: 1 });
    expect(single.body['@timestamp']).toBeTypeOf('string');
    const batch = await api.post('/v1/pipelines/scrub/process', { events: [{ message: 'one' }, { message: 'card 4111 1111 1111 1111' }] });
    expect(batch.status).toBe(200);
    expect(batch.body.results.map((e: { message: string }) => e.message)).toEqual(['one', 'card [REDACTED:card]']);
    const unknown = await api.post('/v1/pipelines/nope/process', { event: { message: 'x' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('API_NOT_FOUND');
    expect(unknown.body.error.message).toContain('nope');
    const noRoute = await api.get('/v1/nothing');
    expect(noRoute.status).toBe(404);
    expect(noRoute.body.error.code).toBe('API_NOT_FOUND');
  });

  it('answers 400 API_BAD_REQUEST naming the bad field, single and batch', async () => {
    const single = await api.post('/v1/tickets/analyze', { id: 'x', body: 42 });
    expect(single.status).toBe(400);
    expect(single.body.error.code).toBe('API_BAD_REQUEST');
    expect(single.body.error.path).toBe('body');
    const batch = await api.post('/v1/tickets/analyze', { tickets: [{ body: 'fine' }, { body: '' }] });
    expect(batch.status).toBe(400);
    expect(batch.body.error.code).toBe('API_BAD_REQUEST');
    expect(batch.body.error.path).toBe('tickets.1.body');
    const tx = await api.post('/v1/transactions/score', { transactions: [{ transaction: { amount: 1 } }, { transaction: 'nope' }] });
    expect(tx.status).toBe(400);
    expect(tx.body.error.path).toBe('transactions.1.transaction');
    const event = await api.post('/v1/pipelines/scrub/process', { event: [] });
    expect(event.status).toBe(400);
    expect(event.body.error.path).toBe('event');
    const empty = await api.post('/v1/tickets/analyze', { tickets: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.error.path).toBe('tickets');
    const extra = await api.post('/v1/tickets/analyze', { body: 'hello', priority: 'high' });
    expect(extra.status).toBe(400);
    expect(extra.body.error.code).toBe('API_BAD_REQUEST');
    expect(extra.body.error.message).toContain('priority');
  });

  it('answers 400 API_BAD_REQUEST for a body that is not JSON', async () => {
    const broken = await api.post('/v1/tickets/analyze', '{"body": "unterminated');
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('API_BAD_REQUEST');
    const notObject = await api.post('/v1/tickets/analyze', '"just a string"');
    expect(notObject.status).toBe(400);
    expect(notObject.body.error.code).toBe('API_BAD_REQUEST');
  });

  it('answers 401 API_UNAUTHORIZED without or with a wrong token', async () => {
    const anonymous = new Client(api.base);
    const missing = await anonymous.post('/v1/tickets/analyze', billingTicket('U-1'));
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('API_UNAUTHORIZED');
    const wrong = await anonymous.post('/v1/tickets/analyze', billingTicket('U-1'), { authorization: 'Bearer not-the-token' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('API_UNAUTHORIZED');
    expect(wrong.headers.get('retry-after')).toBeNull();
    const right = await anonymous.post('/v1/pipelines/scrub/process', { event: { message: 'ok' } }, { authorization: `Bearer ${TOKEN}` });
    expect(right.status).toBe(200);
  });

  it('answers 413 API_BODY_TOO_LARGE over api.body_limit', async () => {
    const reply = await api.post('/v1/tickets/analyze', { body: 'x'.repeat(70 * 1024) });
    expect(reply.status).toBe(413);
    expect(reply.body.error.code).toBe('API_BODY_TOO_LARGE');
  });

  it('serves an OpenAPI document listing the three routes', async () => {
    const reply = await api.get('/openapi.json');
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body.paths)).toEqual(
      expect.arrayContaining(['/v1/pipelines/{name}/process', '/v1/tickets/analyze', '/v1/transactions/score', '/v1/models', '/v1/models/{processor}/promote', '/v1/models/{processor}/rollback']),
    );
  });

  it('emit: true sends the ticket to the outputs and answers once they acknowledged it', async () => {
    const reply = await api.post('/v1/tickets/analyze', { ...billingTicket('EMIT-1'), emit: true });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.acknowledged).toBeTypeOf('string');
    expect(Number.isNaN(Date.parse(reply.body.acknowledged))).toBe(false);
    // Acknowledged means written: the event is in the file output already.
    const events = await readEvents(path.join(dir, 'out', 'events.ndjson'));
    const emitted = events.filter((e) => (e.ticket as { id?: string } | undefined)?.id === 'EMIT-1');
    expect(emitted).toHaveLength(1);
    const ticket = emitted[0]?.ticket as { tags: string[]; summary: string };
    expect(ticket.tags).toContain('billing');
    expect(ticket.summary).toBeTypeOf('string');
    expect(emitted[0]?.message).toContain('[REDACTED:card]');
    // Without emit nothing of the API reaches the outputs.
    expect(events.some((e) => (e.ticket as { id?: string } | undefined)?.id === 'T-1')).toBe(false);
  });

  it('emit: true on a batch through a named chain: results, acknowledged, every event in the output', async () => {
    const reply = await api.post('/v1/pipelines/scrub/process', { events: [{ message: 'emit-chain-1' }, { message: 'emit-chain-2 jane@example.com' }], emit: true });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.results).toHaveLength(2);
    expect(reply.body.acknowledged).toBeTypeOf('string');
    const messages = (await readEvents(path.join(dir, 'out', 'events.ndjson'))).map((e) => e.message).filter((m) => m.startsWith('emit-chain-'));
    expect(messages).toHaveLength(2);
    expect(messages).toContain('emit-chain-1');
    expect(messages.find((m) => m.startsWith('emit-chain-2'))).not.toContain('jane@example.com');
  });

  it('answers 200 with an error for a payment the features cannot encode', async () => {
    const reply = await api.post('/v1/transactions/score', { transactions: [typical(1), { transaction: { merchant: { category: 'grocery' } } }] });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.results[0].error).toBeUndefined();
    expect(reply.body.results[1].error).toContain('anomaly');
    expect(reply.body.results[1].score).toBeUndefined();
  });

  it('counts requests by route and status in Prometheus metrics', async () => {
    const metrics = await (await fetch(metricsUrl)).text();
    expect(metrics).toMatch(/sidecar_api_requests_total\{route="\/v1\/tickets\/analyze",status="200"\} [1-9]/);
    expect(metrics).toMatch(/sidecar_api_requests_total\{route="\/v1\/tickets\/analyze",status="400"\} [1-9]/);
    expect(metrics).toMatch(/sidecar_api_requests_total\{route="\/v1\/tickets\/analyze",status="401"\} [1-9]/);
    expect(metrics).toMatch(/sidecar_api_requests_total\{route="\/v1\/transactions\/score",status="200"\} [1-9]/);
    expect(metrics).toMatch(/sidecar_api_rejections_total\{route="\/v1\/tickets\/analyze",reason="unauthorized"\} [1-9]/);
    expect(metrics).toMatch(/sidecar_api_request_duration_seconds_count\{route="\/v1\/tickets\/analyze"\} [1-9]/);
  });
});

/** A ticket batch big enough to keep the models busy for a while. */
function bigBatch(n: number) {
  return {
    tickets: Array.from({ length: n }, (_, i) => ({
      id: `L-${i}`,
      subject: `Order ${i} problem`,
      body: `I was charged twice for order ${i}. The parcel never arrived and tracking shows nothing. I cannot log in to check my invoices either, the app crashes when I open the cart. Please refund me.`,
    })),
  };
}

function apiAgent(prefix: string, api: string, env: NodeJS.ProcessEnv = {}): Promise<ConfiguredAgent> {
  return startAgentWithApi(prefix, PROCESSORS, api, env);
}

describe('api: admission and timeouts', () => {
  it('answers 429 API_BUSY with Retry-After when the queue is full, and the admitted requests succeed', async () => {
    const port = await freePort();
    const { agent, metrics } = await apiAgent('api-busy', `  listen: "127.0.0.1:${port}"\n  max_concurrent_requests: 1\n  max_queued_requests: 1\n  request_timeout: 60s\n  tickets: [redact, tagger, summarizer]\n`);
    try {
      const api = new Client(`http://127.0.0.1:${port}`);
      const replies = await Promise.all(Array.from({ length: 8 }, () => api.post('/v1/tickets/analyze', bigBatch(60))));
      const statuses = replies.map((r) => r.status);
      expect(statuses.every((s) => s === 200 || s === 429), statuses.join(',')).toBe(true);
      const busy = replies.filter((r) => r.status === 429);
      const ok = replies.filter((r) => r.status === 200);
      expect(busy.length).toBeGreaterThanOrEqual(1);
      expect(ok.length).toBeGreaterThanOrEqual(1);
      for (const r of busy) {
        expect(r.body.error.code).toBe('API_BUSY');
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      for (const r of ok) expect(r.body.results).toHaveLength(60);
      const text = await (await fetch(metrics)).text();
      expect(text).toMatch(/sidecar_api_rejections_total\{route="\/v1\/tickets\/analyze",reason="busy"\} [1-9]/);
      expect(text).toMatch(/sidecar_api_requests_total\{route="\/v1\/tickets\/analyze",status="429"\} [1-9]/);
      // Once the burst is over the API admits requests again.
      expect((await api.post('/v1/tickets/analyze', billingTicket('after'))).status).toBe(200);
    } finally {
      expect((await agent.stop()).code).toBe(0);
    }
  });

  it('answers 503 API_TIMEOUT with Retry-After past api.request_timeout', async () => {
    const port = await freePort();
    const { agent, metrics } = await apiAgent('api-timeout', `  listen: "127.0.0.1:${port}"\n  request_timeout: 1ms\n  tickets: [redact, tagger, summarizer]\n`);
    try {
      const api = new Client(`http://127.0.0.1:${port}`);
      const reply = await api.post('/v1/tickets/analyze', bigBatch(50));
      expect(reply.status).toBe(503);
      expect(reply.body.error.code).toBe('API_TIMEOUT');
      expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
      const text = await (await fetch(metrics)).text();
      expect(text).toMatch(/sidecar_api_rejections_total\{route="\/v1\/tickets\/analyze",reason="timeout"\} [1-9]/);
    } finally {
      expect((await agent.stop()).code).toBe(0);
    }
  });
});

describe('api: Unix socket and token file', () => {
  it('serves the API on a Unix socket, with the bearer token read from a file', async () => {
    const dir = await tempDir('api-socket');
    const socket = path.join(dir, 'api.sock');
    await writeFile(path.join(dir, 'api-token'), 'file-token-xyz\n');
    await writeFile(path.join(dir, 'app.log'), '');
    const file = await writeConfig(
      dir,
      `state_dir: ./state
inputs:
  - type: file
    include: ["./app.log"]
processors:
  - type: redact
    id: redact
outputs:
  - type: file
    path: ./out/events.ndjson
api:
  listen: "unix:${socket}"
  token: { file: ./api-token }
  pipelines:
    scrub: [redact]
`,
    );
    const agent = AgentProcess.start(['run', '-c', file]);
    try {
      // The API answers 503 until the models are loaded: wait for the agent to have started.
      await agent.waitForLog('agent started', 30_000);
      const body = { event: { message: 'card 4111 1111 1111 1111' } };
      const anonymous = await overSocket(socket, 'POST', '/v1/pipelines/scrub/process', body);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error.code).toBe('API_UNAUTHORIZED');
      const wrong = await overSocket(socket, 'POST', '/v1/pipelines/scrub/process', body, { authorization: 'Bearer file-token' });
      expect(wrong.status).toBe(401);
      const right = await overSocket(socket, 'POST', '/v1/pipelines/scrub/process', body, { authorization: 'Bearer file-token-xyz' });
      expect(right.status).toBe(200);
      expect(right.body.message).toBe('card [REDACTED:card]');
      // A route that is not configured is unavailable, not a crash.
      const tickets = await overSocket(socket, 'POST', '/v1/tickets/analyze', { body: 'hello' }, { authorization: 'Bearer file-token-xyz' });
      expect(tickets.status).toBe(503);
      expect(tickets.body.error.code).toBe('API_UNAVAILABLE');
      const openapi = await overSocket(socket, 'GET', '/openapi.json', undefined, { authorization: 'Bearer file-token-xyz' });
      expect(openapi.status).toBe(200);
      expect(Object.keys(openapi.body.paths)).toHaveLength(9);
    } finally {
      expect((await agent.stop()).code).toBe(0);
    }
  });

  it('exits with API_LISTEN when the token file is missing', async () => {
    const dir = await tempDir('api-socket-missing');
    await writeFile(path.join(dir, 'app.log'), '');
    const file = await writeConfig(
      dir,
      `state_dir: ./state\ninputs:\n  - type: file\n    include: ["./app.log"]\nprocessors:\n  - type: redact\n    id: redact\noutputs:\n  - type: stdout\napi:\n  listen: "unix:${path.join(dir, 'api.sock')}"\n  token: { file: ./no-such-token }\n  pipelines: { scrub: [redact] }\n`,
    );
    const result = await AgentProcess.start(['run', '-c', file]).wait();
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('API_LISTEN');
    expect(result.stderr).toContain('no-such-token');
  });
});

describe('api: validate', () => {
  it('rejects an api route naming a processor id that does not exist, naming the place', async () => {
    const dir = await tempDir('api-validate');
    const file = await writeConfig(
      dir,
      `inputs:\n  - type: file\n    include: ["./a.log"]\nprocessors:\n  - type: redact\n    id: redact\noutputs:\n  - type: stdout\napi:\n  tickets: [tagger]\n  pipelines:\n    scrub: [redact, nope]\n`,
    );
    const result = await AgentProcess.start(['validate', '-c', file]).wait();
    expect(result.code).toBe(78);
    expect(result.stderr).toMatch(/api\.tickets\[0\]/);
    expect(result.stderr).toContain('no processor with id "tagger"');
    expect(result.stderr).toMatch(/api\.pipelines\.scrub\[1\]/);
  });
});

describe('api: validate limits', () => {
  it('rejects a request_timeout of 0, which would time out every request', async () => {
    const dir = await tempDir('api-validate-timeout');
    const file = await writeConfig(dir, `inputs:\n  - type: file\n    include: ["./a.log"]\noutputs:\n  - type: stdout\napi:\n  request_timeout: 0\n`);
    const result = await AgentProcess.start(['validate', '-c', file]).wait();
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('api.request_timeout');
  });

  it('accepts a request_timeout of 1ms', async () => {
    const dir = await tempDir('api-validate-1ms');
    const file = await writeConfig(dir, `inputs:\n  - type: file\n    include: ["./a.log"]\noutputs:\n  - type: stdout\napi:\n  request_timeout: 1ms\n`);
    const result = await AgentProcess.start(['validate', '-c', file]).wait();
    expect(result.code, result.stderr).toBe(0);
  });
});

describe('api under log load', () => {
  it('answers every request within request_timeout while the file input reads at full speed, and loses no line', async () => {
    const dir = await tempDir('api-load');
    const log = path.join(dir, 'app.log');
    const ledger = new LineLedger('load');
    await writeFile(log, '');
    for (let i = 0; i < 20; i++) ledger.append(log, 10_000);
    const port = await freePort();
    const file = await writeConfig(
      dir,
      `state_dir: ./state
inputs:
  - type: file
    include: ["./app.log"]
${PROCESSORS}outputs:
  - type: file
    path: ./out/events.ndjson
api:
  listen: "127.0.0.1:${port}"
  request_timeout: 30s
  tickets: [redact, tagger, summarizer]
  transactions: [payments]
  pipelines:
    scrub: [redact]
`,
    );
    const agent = AgentProcess.start(['run', '-c', file]);
    try {
      // The API answers 503 until the models are loaded: wait for the agent to have started.
      await agent.waitForLog('agent started', 60_000);
      const api = new Client(`http://127.0.0.1:${port}`);
      const out = path.join(dir, 'out', 'events.ndjson');
      const statuses: number[] = [];
      const until = Date.now() + 4_000;
      const appender = setInterval(() => ledger.append(log, 2_000), 100);
      const client = async (c: number) => {
        for (let i = 0; Date.now() < until; i++) {
          const kind = (c + i) % 3;
          const reply =
            kind === 0
              ? await api.post('/v1/tickets/analyze', { tickets: [billingTicket(`c${c}-${i}`), { body: 'The app crashes when I open the cart.' }] })
              : kind === 1
                ? await api.post('/v1/transactions/score', { transactions: [typical(i), typical(i + 1)] })
                : await api.post('/v1/pipelines/scrub/process', { event: { message: `mail ${c}-${i}@example.com` } });
          statuses.push(reply.status);
          if (reply.status !== 200) throw new Error(`client ${c}: ${reply.status} ${JSON.stringify(reply.body)}`);
        }
      };
      try {
        await Promise.all(Array.from({ length: 8 }, (_, c) => client(c)));
      } finally {
        clearInterval(appender);
      }
      expect(statuses.length).toBeGreaterThanOrEqual(8);
      expect(statuses.every((s) => s === 200)).toBe(true);
      const total = ledger.written;
      expect(total).toBeGreaterThan(200_000);
      await waitFor(
        async () => {
          const text = await readFile(out, 'utf8').catch(() => '');
          return text.split('\n').length - 1 >= total;
        },
        90_000,
        `${total} lines in the output`,
      );
      const result = ledger.check(await readEvents(out));
      expect(result.missing.slice(0, 10)).toEqual([]);
      expect(result.missing).toHaveLength(0);
      expect(result.duplicates).toBe(0);
      expect(result.foreign).toBe(0);
    } finally {
      expect((await agent.stop()).code).toBe(0);
    }
  });
});

describe('api: shutdown', () => {
  it('answers a request in flight when the agent is asked to stop, and refuses new ones with 503 API_UNAVAILABLE', async () => {
    const port = await freePort();
    const { agent } = await apiAgent('api-stop', `  listen: "127.0.0.1:${port}"\n  max_concurrent_requests: 1\n  max_queued_requests: 0\n  request_timeout: 60s\n  tickets: [redact, tagger, summarizer]\n  pipelines: { scrub: [redact] }\n`);
    let stopped = false;
    try {
      const api = new Client(`http://127.0.0.1:${port}`);
      const slow = api.post('/v1/tickets/analyze', bigBatch(120));
      // The slow request runs once a small one is refused as busy (the only place is taken).
      await waitFor(async () => (await api.post('/v1/pipelines/scrub/process', { event: { message: 'x' } })).status === 429, 30_000, 'the slow request to be admitted');
      agent.child.kill('SIGTERM');
      await waitFor(
        async () => {
          const reply = await api.post('/v1/pipelines/scrub/process', { event: { message: 'x' } }).catch(() => undefined);
          return reply === undefined || (reply.status === 503 && reply.body.error.code === 'API_UNAVAILABLE');
        },
        30_000,
        'new requests to be refused',
      );
      const answer = await slow;
      expect(answer.status).toBe(200);
      expect(answer.body.results).toHaveLength(120);
      const finished = await agent.wait();
      stopped = true;
      expect(finished.code).toBe(0);
    } finally {
      if (!stopped) await agent.stop();
    }
  });
});

describe('api: Unix socket path', () => {
  async function socketConfig(dir: string, socket: string): Promise<string> {
    await writeFile(path.join(dir, 'app.log'), '');
    return writeConfig(
      dir,
      `state_dir: ./state\ninputs:\n  - type: file\n    include: ["./app.log"]\nprocessors:\n  - type: redact\n    id: redact\noutputs:\n  - type: stdout\napi:\n  listen: "unix:${socket}"\n  pipelines: { scrub: [redact] }\n`,
    );
  }

  it('replaces a socket left by a killed agent, and removes its socket when it stops', async () => {
    const dir = await tempDir('api-stale-socket');
    const socket = path.join(dir, 'api.sock');
    // A process that listens on the path and dies without closing leaves the socket file behind.
    const holder = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(${JSON.stringify(socket)}, () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    expect(existsSync(socket)).toBe(true);
    const agent = AgentProcess.start(['run', '-c', await socketConfig(dir, socket)]);
    // The API answers 503 until the models are loaded: wait for the agent to have started.
    await agent.waitForLog('agent started', 30_000);
    const reply = await overSocket(socket, 'POST', '/v1/pipelines/scrub/process', { event: { message: 'hi' } });
    expect(reply.status).toBe(200);
    expect((await agent.stop()).code).toBe(0);
    expect(existsSync(socket)).toBe(false);
  });

  it('does not delete a file that is not a socket: exits with API_LISTEN instead', async () => {
    const dir = await tempDir('api-not-socket');
    const target = path.join(dir, 'precious.txt');
    await writeFile(target, 'keep me');
    const agent = AgentProcess.start(['run', '-c', await socketConfig(dir, target)]);
    // Had it replaced the file, it would run: stop it then, so the test fails fast.
    const result = await Promise.race([agent.wait(), agent.waitForLog('api listening', 30_000).then(() => agent.stop())]);
    expect(result.stderr).not.toContain('api listening');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('API_LISTEN');
    expect(await readFile(target, 'utf8')).toBe('keep me');
  });
});
