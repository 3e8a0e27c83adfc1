/**
 * The local HTTP API under load, next to the same work done in-process, in one invocation:
 *   - a real agent (`dist/bin/sidecar-ai.js run`) with `api:` on a free loopback port, ticket_tagger with the real
 *     all-MiniLM-L6-v2 weights, an online anomaly forest (small warm-up, pre-warmed here), redact as a
 *     cheap named pipeline, and a file input → file output for the log stream;
 *   - per route (tickets/analyze, transactions/score, pipelines/redact/process): requests/s and p50/p99 at
 *     1, 8 and 64 clients, one item per request, from a load loop of our own on node:http with keep-alive
 *     agents (no autocannon), in this process;
 *   - the reference: the same processors created in this process (`<processor>.create(config, ctx)`) and
 *     `process(events)` called directly, one event at a time (1, 8, 64 callers) and in batches of 32;
 *   - the ticket route's p99 at 8 clients while the file input ships a large file, and the log lines/s
 *     with and without that API load.
 * The load generator shares the machine's cores with the agent: on a small machine it takes CPU from it.
 * Usage:
 *   npm run bench:api [-- --seconds 3 --lines 500000]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { DeadLetters, Processor } from '../agent/component.js';
import type { LogEvent } from '../agent/event.js';
import { anomalyProcessor } from '../processors/anomaly/index.js';
import { redactProcessor } from '../processors/redact/index.js';
import { ticketTaggerProcessor } from '../processors/ticket_tagger/index.js';
import { generateTransactions, type Transaction } from '../scripts/transactions/generator.js';
import { PAYMENT_FEATURES_YAML } from '../scripts/transactions/payment-features.js';
import { loadLabels, loadTickets } from './ticket-eval/fixtures.js';
import { percentile } from './percentile.js';
import { agentExecutable } from '../scripts/agent-executable.js';

const { values: options } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    lines: { type: 'string', default: '500000' },
    clients: { type: 'string', default: '1,8,64' },
  },
});
const SECONDS = Number(options.seconds);
const LINES = Number(options.lines);
const CLIENTS = options.clients.split(',').map(Number);
const WARMUP_MS = 500;
const BATCH = 32;
const ANOMALY_WARMUP = 200;
const STREAM_CLIENTS = 8;

const root = path.resolve(import.meta.dirname, '../..');
const cli = agentExecutable(root);
const modelDir = path.join(root, 'models', 'all-minilm-l6-v2');
const work = path.join(root, '.cache', 'bench', 'api-throughput');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- the work: tickets, transactions, events

const LABELS = loadLabels(2);
const TICKETS = loadTickets().map((t) => ({ id: t.id, subject: t.subject, body: t.body }));
const { transactions: TRANSACTIONS } = generateTransactions(ANOMALY_WARMUP + 5000, { seed: 11 });
const REDACT_EVENTS = Array.from({ length: 64 }, (_, i) => ({
  message: `Payment ${i} by jane.doe${i}@example.com card 4111 1111 1111 1111 IBAN DE89370400440532013000 phone +49 170 1234${String(i).padStart(3, '0')} failed`,
  service: { name: 'checkout' },
}));

const TAGGER_CONFIG = { field: ['ticket.subject', 'message'], model: { path: modelDir }, top_k: 2, labels: LABELS };
const ANOMALY_CONFIG = { features: PAYMENT_FEATURES_YAML, warmup: ANOMALY_WARMUP, refit_every: 1_000_000, seed: 42 };

/** A ticket as the API's handler builds it (agent/api/handlers.ts). */
function ticketEvent(t: (typeof TICKETS)[number]): LogEvent {
  return { '@timestamp': new Date().toISOString(), message: t.subject === '' ? t.body : `${t.subject}\n\n${t.body}`, ticket: { id: t.id, subject: t.subject, body: t.body } } as LogEvent;
}
function transactionEvent(t: Transaction): LogEvent {
  return { '@timestamp': t['@timestamp'], message: '', transaction: t.transaction } as unknown as LogEvent;
}
function redactEvent(e: (typeof REDACT_EVENTS)[number]): LogEvent {
  return { '@timestamp': new Date().toISOString(), ...structuredClone(e) } as LogEvent;
}
const at = <T>(items: readonly T[], i: number): T => items[i % items.length] as T;
/** Transactions after the warm-up ones, so the warm-up set is never scored twice. */
const scoredTransaction = (i: number) => at(TRANSACTIONS.slice(ANOMALY_WARMUP), i);

// ---------------------------------------------------------------- the load loop

interface Load {
  clients: number;
  items: number;
  seconds: number;
  latenciesMs: number[];
  errors: number;
  firstError?: string;
}


/** `clients` loops call `call(i)` back to back for `ms` (after an unmeasured warm-up); each call is one request. */
async function load(clients: number, ms: number, call: (i: number) => unknown, itemsPerCall = 1): Promise<Load> {
  const runFor = async (duration: number, record: boolean) => {
    const latenciesMs: number[] = [];
    let errors = 0;
    let firstError: string | undefined;
    const start = performance.now();
    const end = start + duration;
    await Promise.all(
      Array.from({ length: clients }, async (_, worker) => {
        for (let i = worker; performance.now() < end; i += clients) {
          const t0 = performance.now();
          try {
            await call(i);
            if (record) latenciesMs.push(performance.now() - t0);
          } catch (error) {
            errors++;
            firstError ??= error instanceof Error ? error.message : String(error);
          }
        }
      }),
    );
    return { clients, items: latenciesMs.length * itemsPerCall, seconds: (performance.now() - start) / 1000, latenciesMs: latenciesMs.sort((a, b) => a - b), errors, ...(firstError === undefined ? {} : { firstError }) };
  };
  await runFor(WARMUP_MS, false);
  return runFor(ms, true);
}

function post(agent: http.Agent, port: number, route: string, body: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path: route, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (response.statusCode !== 200) reject(new Error(`HTTP ${response.statusCode}: ${text.slice(0, 200)}`));
        else resolve(JSON.parse(text));
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** Runs the HTTP load at `clients` with a fresh keep-alive agent (one connection per client). */
async function apiLoad(port: number, route: string, bodies: string[], clients: number, ms: number): Promise<Load> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  try {
    return await load(clients, ms, (i) => post(agent, port, route, at(bodies, i)));
  } finally {
    agent.destroy();
  }
}

// ---------------------------------------------------------------- the in-process reference

const deadLetters: DeadLetters = { location: 'memory', write: async () => undefined, count: () => undefined };

function context(id: string, stateDir: string) {
  return { id, location: 'processors[0]', logger: pino({ level: 'silent' }), stateDir, configDir: root, deadLetters, metrics: new Registry() };
}

interface Rows {
  name: string;
  inProcess: { label: string; load: Load }[];
  api: Load[];
}

async function inProcessRows(processor: Processor, make: (i: number) => LogEvent, concurrent: number[]): Promise<{ label: string; load: Load }[]> {
  const ms = SECONDS * 1000;
  const rows: { label: string; load: Load }[] = [];
  for (const clients of concurrent) {
    rows.push({ label: clients === 1 ? 'in-process, one event per call' : 'in-process, one event per call, concurrent callers', load: await load(clients, ms, (i) => processor.process([make(i)])) });
  }
  rows.push({ label: `in-process, batches of ${BATCH} events`, load: await load(1, ms, (i) => processor.process(Array.from({ length: BATCH }, (_, j) => make(i * BATCH + j))), BATCH) });
  return rows;
}

async function waitScored(score: () => Promise<string | undefined>, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while ((await score()) !== 'scored') {
    if (Date.now() > deadline) throw new Error(`${what}: the anomaly model was not fitted within 60 s`);
    await sleep(100);
  }
}

async function inProcessReference(): Promise<{ tickets: Rows['inProcess']; transactions: Rows['inProcess']; redact: Rows['inProcess'] }> {
  const stateDir = path.join(work, 'in-process-state');
  await rm(stateDir, { recursive: true, force: true });
  await mkdir(stateDir, { recursive: true });
  const tagger = await ticketTaggerProcessor.create(ticketTaggerProcessor.config.parse(TAGGER_CONFIG), context('tagger', stateDir));
  const anomaly = await anomalyProcessor.create(anomalyProcessor.config.parse(ANOMALY_CONFIG), context('anomaly', stateDir));
  const redact = await redactProcessor.create(redactProcessor.config.parse({}), context('redact', stateDir));
  try {
    const tickets = await inProcessRows(tagger, (i) => ticketEvent(at(TICKETS, i)), CLIENTS);
    await anomaly.process(TRANSACTIONS.slice(0, ANOMALY_WARMUP).map(transactionEvent));
    let probe = 0;
    await waitScored(async () => {
      const [event] = await anomaly.process([transactionEvent(scoredTransaction(probe++))]);
      return (event?.anomaly as { status?: string } | undefined)?.status;
    }, 'in-process');
    const transactions = await inProcessRows(anomaly, (i) => transactionEvent(scoredTransaction(i)), [1]);
    const redactRows = await inProcessRows(redact, (i) => redactEvent(at(REDACT_EVENTS, i)), [1]);
    return { tickets, transactions, redact: redactRows };
  } finally {
    await tagger.close?.();
    await anomaly.close?.();
    await redact.close?.();
  }
}

// ---------------------------------------------------------------- the agent

interface Agent {
  child: ChildProcess;
  port: number;
  logs: () => string;
  streamDir: string;
  output: string;
}

async function startAgent(): Promise<Agent> {
  const dir = path.join(work, 'agent');
  await rm(dir, { recursive: true, force: true });
  const streamDir = path.join(dir, 'logs');
  await mkdir(streamDir, { recursive: true });
  const output = path.join(dir, 'out.ndjson');
  const config = path.join(dir, 'agent.yaml');
  const json = JSON.stringify;
  await writeFile(
    config,
    `state_dir: ${json(path.join(dir, 'state'))}
log: { level: info }
api:
  listen: 127.0.0.1:0
  tickets: [tagger]
  transactions: [anomaly]
  pipelines: { redact: [redact] }
inputs:
  - type: file
    id: stream
    include: [${json(path.join(streamDir, '*.log'))}]
    scan_interval: 200ms
processors:
  - type: redact
    id: redact
  - type: ticket_tagger
    id: tagger
    when: { has_fields: [ticket.id] }
    field: ${json(TAGGER_CONFIG.field)}
    model: { path: ${json(modelDir)} }
    top_k: ${TAGGER_CONFIG.top_k}
    labels: ${json(LABELS)}
  - type: anomaly
    id: anomaly
    when: { has_fields: [transaction.amount] }
    features: ${json(ANOMALY_CONFIG.features)}
    warmup: ${ANOMALY_CONFIG.warmup}
    refit_every: ${ANOMALY_CONFIG.refit_every}
    seed: ${ANOMALY_CONFIG.seed}
outputs:
  - type: file
    path: ${json(output)}
`,
  );
  const child = spawn(process.execPath, [cli, 'run', '-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let logs = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (logs = (logs + chunk).slice(-20_000)));
  const deadline = Date.now() + 120_000;
  let port: number | undefined;
  while (port === undefined || !logs.includes('"msg":"agent started"')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`agent did not start:\n${logs.slice(-3000)}`);
    port ??= Number(/"address":"[^"]*:(\d+)","msg":"api listening"/.exec(logs)?.[1] ?? NaN) || undefined;
    await sleep(50);
  }
  return { child, port, logs: () => logs, streamDir, output };
}

function peakRssMiB(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return NaN;
  }
}

async function prewarmAnomaly(port: number): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    await post(agent, port, '/v1/transactions/score', JSON.stringify({ transactions: TRANSACTIONS.slice(0, ANOMALY_WARMUP).map((t) => ({ '@timestamp': t['@timestamp'], transaction: t.transaction })) }));
    let probe = 0;
    await waitScored(async () => {
      const t = scoredTransaction(probe++);
      return ((await post(agent, port, '/v1/transactions/score', JSON.stringify({ '@timestamp': t['@timestamp'], transaction: t.transaction }))) as { status?: string }).status;
    }, 'agent');
  } finally {
    agent.destroy();
  }
}

// ---------------------------------------------------------------- the log stream

async function makeStreamFile(file: string): Promise<void> {
  if (existsSync(file)) return;
  await mkdir(path.dirname(file), { recursive: true });
  const out = createWriteStream(`${file}.tmp`);
  const levels = ['INFO', 'INFO', 'INFO', 'WARN', 'ERROR', 'DEBUG'];
  const base = Date.parse('2026-11-02T09:00:00Z');
  for (let i = 0; i < LINES; i++) {
    const line = `{"@timestamp":"${new Date(base + i * 3).toISOString()}","level":"${levels[i % levels.length]}","logger":"c.e.shop.checkout.PaymentController","thread":"http-nio-8080-exec-${i % 16}","message":"Order ${100000 + (i % 900000)} paid amount=${(i % 9973) / 100} EUR","trace_id":"${(i * 2654435761).toString(16).padStart(16, '0')}"}\n`;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  await rename(`${file}.tmp`, file);
}

/** Counts the output's lines incrementally (only new bytes are read). */
function lineCounter(file: string): () => number {
  let read = 0;
  let lines = 0;
  return () => {
    if (!existsSync(file)) return lines;
    const size = statSync(file).size;
    if (size <= read) return lines;
    const fd = openSync(file, 'r');
    const chunk = Buffer.allocUnsafe(Math.min(size - read, 16 * 1024 * 1024));
    try {
      const n = readSync(fd, chunk, 0, chunk.length, read);
      for (let i = 0; i < n; i++) if (chunk[i] === 10) lines++;
      read += n;
    } finally {
      closeSync(fd);
    }
    return lines;
  };
}

interface StreamRun {
  lines: number;
  seconds: number;
  api?: Load;
}

/** Moves a copy of the generated file into the watched folder and times until the output holds its lines. */
async function shipFile(agent: Agent, source: string, name: string, count: () => number, withApi?: (until: () => boolean) => Promise<Load>): Promise<StreamRun> {
  const before = count();
  const copy = path.join(agent.streamDir, `${name}.tmp`);
  await writeFile(copy, readFileSync(source));
  const start = performance.now();
  await rename(copy, path.join(agent.streamDir, `${name}.log`));
  let done = false;
  const api = withApi?.(() => done);
  const deadline = Date.now() + 600_000;
  while (count() - before < LINES && Date.now() < deadline) await sleep(20);
  const seconds = (performance.now() - start) / 1000;
  done = true;
  return { lines: count() - before, seconds, ...(api === undefined ? {} : { api: await api }) };
}

/** Like `load`, but runs until `stop()` says so instead of for a fixed time (no warm-up: the stream runs now). */
async function apiUntil(port: number, route: string, bodies: string[], clients: number, stop: () => boolean): Promise<Load> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const latenciesMs: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  try {
    await Promise.all(
      Array.from({ length: clients }, async (_, worker) => {
        for (let i = worker; !stop(); i += clients) {
          const t0 = performance.now();
          try {
            await post(agent, port, route, at(bodies, i));
            latenciesMs.push(performance.now() - t0);
          } catch (error) {
            errors++;
            firstError ??= error instanceof Error ? error.message : String(error);
          }
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  return { clients, items: latenciesMs.length, seconds: (performance.now() - start) / 1000, latenciesMs: latenciesMs.sort((a, b) => a - b), errors, ...(firstError === undefined ? {} : { firstError }) };
}

// ---------------------------------------------------------------- output

const ms = (v: number) => (Number.isNaN(v) ? '–' : v < 10 ? v.toFixed(2) : v.toFixed(1));
const int = (v: number) => Math.round(v).toLocaleString('en');
const rate = (l: Load) => l.items / l.seconds;
const p50 = (l: Load) => percentile(l.latenciesMs, 50);
const p99 = (l: Load) => percentile(l.latenciesMs, 99);
const errs = (l: Load) => (l.errors === 0 ? '0' : `${l.errors} (${l.firstError ?? ''})`);

function table(rows: Rows): string {
  const lines = [`### ${rows.name}`, '', '| how | clients | items/s | p50 ms | p99 ms | errors |', '| --- | --- | --- | --- | --- | --- |'];
  for (const { label, load: l } of rows.inProcess) lines.push(`| ${label} | ${l.clients} | ${int(rate(l))} | ${ms(p50(l))} | ${ms(p99(l))} | ${errs(l)} |`);
  for (const l of rows.api) lines.push(`| API, one item per request | ${l.clients} | ${int(rate(l))} | ${ms(p50(l))} | ${ms(p99(l))} | ${errs(l)} |`);
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------- the run

await mkdir(work, { recursive: true });
const streamSource = path.join(work, `stream-${LINES}.log`);
await makeStreamFile(streamSource);

process.stderr.write('in-process reference...\n');
const reference = await inProcessReference();

process.stderr.write('starting the agent...\n');
const agent = await startAgent();
let peakRss = NaN;
try {
  await prewarmAnomaly(agent.port);
  const ticketBodies = TICKETS.map((t) => JSON.stringify(t));
  const transactionBodies = TRANSACTIONS.slice(ANOMALY_WARMUP).map((t) => JSON.stringify({ '@timestamp': t['@timestamp'], transaction: t.transaction }));
  const redactBodies = REDACT_EVENTS.map((e) => JSON.stringify({ event: e }));
  const check = (await post(new http.Agent(), agent.port, '/v1/tickets/analyze', at(ticketBodies, 0))) as { tags?: string[] };
  if (!Array.isArray(check.tags) || check.tags.length === 0) throw new Error(`tickets/analyze answered without tags: ${JSON.stringify(check)}`);

  const routes: [Rows, string, string[]][] = [
    [{ name: 'POST /v1/tickets/analyze (ticket_tagger, MiniLM)', inProcess: reference.tickets, api: [] }, '/v1/tickets/analyze', ticketBodies],
    [{ name: 'POST /v1/transactions/score (anomaly, online forest)', inProcess: reference.transactions, api: [] }, '/v1/transactions/score', transactionBodies],
    [{ name: 'POST /v1/pipelines/redact/process (redact)', inProcess: reference.redact, api: [] }, '/v1/pipelines/redact/process', redactBodies],
  ];
  for (const [rows, route, bodies] of routes) {
    process.stderr.write(`API ${route}...\n`);
    for (const clients of CLIENTS) rows.api.push(await apiLoad(agent.port, route, bodies, clients, SECONDS * 1000));
  }

  process.stderr.write(`log stream, ${LINES.toLocaleString('en')} lines, alone and with ${STREAM_CLIENTS} API clients...\n`);
  const count = lineCounter(agent.output);
  const idle = await apiLoad(agent.port, '/v1/tickets/analyze', ticketBodies, STREAM_CLIENTS, SECONDS * 1000);
  const alone = await shipFile(agent, streamSource, 'alone', count);
  const busy = await shipFile(agent, streamSource, 'busy', count, (until) => apiUntil(agent.port, '/v1/tickets/analyze', ticketBodies, STREAM_CLIENTS, until));
  peakRss = peakRssMiB(agent.child.pid as number);

  // ------------------------------------------------------------ tables
  const out: string[] = [];
  out.push(`local API vs in-process, ${SECONDS} s per row after ${WARMUP_MS} ms warm-up, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? '?'}), node ${process.version}; load loop: node:http keep-alive agents, one connection per client, in the bench process`);
  out.push('');
  for (const [rows] of routes) out.push(table(rows));

  const [tickets, transactions, redact] = routes.map(([rows]) => rows);
  const single = (r: Rows) => r.inProcess.find((x) => x.load.clients === 1 && !x.label.includes('batches'))?.load as Load;
  const batched = (r: Rows) => r.inProcess.find((x) => x.label.includes('batches'))?.load as Load;
  const apiAt = (r: Rows, c: number) => r.api.find((l) => l.clients === c) as Load;
  out.push('### Against the goals', '');
  out.push('| goal | route | measured | met |', '| --- | --- | --- | --- |');
  for (const r of [tickets, transactions, redact] as Rows[]) {
    const added = p50(apiAt(r, 1)) - p50(single(r));
    out.push(`| HTTP layer adds < 1 ms at p50, 1 client (API p50 − in-process p50) | ${r.name.split(' (')[0]} | ${ms(p50(apiAt(r, 1)))} − ${ms(p50(single(r)))} = ${ms(added)} ms | ${added < 1 ? 'yes' : 'no'} |`);
  }
  for (const c of CLIENTS.filter((c) => c > 1)) {
    const share = rate(apiAt(tickets as Rows, c)) / rate(batched(tickets as Rows));
    out.push(`| API ≥ 80 % of in-process batched throughput (${BATCH} per call: ${int(rate(batched(tickets as Rows)))} tickets/s) | tickets, ${c} clients | ${int(rate(apiAt(tickets as Rows, c)))} tickets/s = ${(share * 100).toFixed(0)} % | ${share >= 0.8 ? 'yes' : 'no'} |`);
  }
  out.push('');
  out.push('### Batching under concurrency (tickets/analyze, one ticket per request)', '');
  out.push('| clients | API tickets/s | × 1 client | in-process tickets/s (one per call) | × 1 caller |', '| --- | --- | --- | --- | --- |');
  const inProc = (c: number) => (tickets as Rows).inProcess.find((x) => x.load.clients === c && !x.label.includes('batches'))?.load as Load;
  for (const c of CLIENTS) out.push(`| ${c} | ${int(rate(apiAt(tickets as Rows, c)))} | ${(rate(apiAt(tickets as Rows, c)) / rate(apiAt(tickets as Rows, CLIENTS[0] as number))).toFixed(2)} | ${int(rate(inProc(c)))} | ${(rate(inProc(c)) / rate(inProc(CLIENTS[0] as number))).toFixed(2)} |`);
  out.push('');
  out.push(`### Ticket API while the log stream is busy (${LINES.toLocaleString('en')} JSON lines, file → redact → file, ${STREAM_CLIENTS} API clients)`, '');
  out.push('| phase | log lines/s | log seconds | API tickets/s | API p50 ms | API p99 ms | API errors |', '| --- | --- | --- | --- | --- | --- | --- |');
  out.push(`| API alone (stream idle) | – | – | ${int(rate(idle))} | ${ms(p50(idle))} | ${ms(p99(idle))} | ${errs(idle)} |`);
  out.push(`| log stream alone | ${int(alone.lines / alone.seconds)} | ${alone.seconds.toFixed(2)} | – | – | – | – |`);
  const b = busy.api as Load;
  out.push(`| log stream + API | ${int(busy.lines / busy.seconds)} | ${busy.seconds.toFixed(2)} | ${int(rate(b))} | ${ms(p50(b))} | ${ms(p99(b))} | ${errs(b)} |`);
  out.push('');
  out.push(`API p99 busy / idle: ${(p99(b) / p99(idle)).toFixed(2)}×; log lines/s with API load / without: ${((busy.lines / busy.seconds) / (alone.lines / alone.seconds)).toFixed(2)}×`);
  out.push('');
  out.push('### Machine', '');
  out.push('| cores | CPU | node | agent peak RSS (VmHWM) MiB |', '| --- | --- | --- | --- |');
  out.push(`| ${os.cpus().length} | ${os.cpus()[0]?.model.trim() ?? '?'} | ${process.version} | ${peakRss.toFixed(0)} |`);
  process.stdout.write(`${out.join('\n')}\n`);
} finally {
  agent.child.kill('SIGTERM');
  await new Promise((resolve) => (agent.child.exitCode !== null ? resolve(undefined) : agent.child.on('exit', resolve)));
}
