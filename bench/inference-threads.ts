/**
 * How the model worker's onnxruntime settings (`inference: { threads, spin }`) change one ticket's latency
 * and its CPU cost, in-process and through the local API, with the cores to itself and with a busy
 * neighbour (a process burning one core, as the application beside a sidecar does), in one invocation.
 *   - in-process: ticket_tagger created in this process, `process([event])` called back to back;
 *   - API: a real agent (`dist/bin/sidecar-ai.js run`) with the same tagger, one client, one ticket per request;
 *   - CPU ms per ticket: user + sys of the process doing the inference (this one, or the agent's), so it
 *     does not depend on how busy the shared cores are;
 *   - a backlog: `run --once` over the labelled tickets several times (parse_json + ticket_tagger, batches of
 *     32), tickets/s from "agent started" to "agent stopped", with the cores to itself.
 * Usage:
 *   npm run bench:threads [-- --tickets 300]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { LogEvent } from '../agent/event.js';
import { ticketTaggerProcessor } from '../processors/ticket_tagger/index.js';
import { loadLabels, loadTickets, ticketLogLine } from './ticket-eval/fixtures.js';
import { runAgentOnce } from './ticket-eval/throughput.js';
import { processCpuSeconds } from './process-sampler.js';
import { agentExecutable } from '../scripts/agent-executable.js';

const { values: options } = parseArgs({ options: { tickets: { type: 'string', default: '300' }, backlog: { type: 'string', default: '4' } } });
const TICKETS_PER_ROW = Number(options.tickets);
const BACKLOG_REPEAT = Number(options.backlog);
const WARMUP = 30;
const SETTINGS = [
  { threads: 2, spin: true, note: 'onnxruntime defaults on this machine' },
  { threads: 2, spin: false, note: '' },
  { threads: 1, spin: false, note: 'agent default' },
];

const root = path.resolve(import.meta.dirname, '../..');
const cli = agentExecutable(root);
const modelDir = path.join(root, 'models', 'all-minilm-l6-v2');
const work = path.join(root, '.cache', 'bench', 'inference-threads');
const LABELS = loadLabels(2);
const LABELLED = loadTickets();
const TICKETS = LABELLED.map((t) => ({ id: t.id, subject: t.subject, body: t.body }));
const ticket = (i: number) => TICKETS[i % TICKETS.length] as (typeof TICKETS)[number];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Setting = (typeof SETTINGS)[number];
interface Row {
  setting: Setting;
  neighbour: boolean;
  path: 'in-process' | 'API';
  latenciesMs: number[];
  cpuMsPerTicket: number;
}

const taggerConfig = (s: Setting) => ({ field: ['ticket.subject', 'message'], model: { path: modelDir }, top_k: 2, labels: LABELS, inference: { threads: s.threads, spin: s.spin } });

/** user + sys seconds of a process, from /proc (ticks of 1/100 s). */

async function timed(call: (i: number) => Promise<unknown>, cpu: () => number): Promise<{ latenciesMs: number[]; cpuMsPerTicket: number }> {
  for (let i = 0; i < WARMUP; i++) await call(i);
  const latenciesMs: number[] = [];
  const before = cpu();
  for (let i = 0; i < TICKETS_PER_ROW; i++) {
    const start = performance.now();
    await call(WARMUP + i);
    latenciesMs.push(performance.now() - start);
  }
  return { latenciesMs, cpuMsPerTicket: ((cpu() - before) * 1000) / TICKETS_PER_ROW };
}

async function inProcess(setting: Setting) {
  const context = {
    id: 'tagger',
    location: 'processors[0]',
    configDir: root,
    stateDir: path.join(work, 'state'),
    logger: pino({ level: 'warn' }),
    metrics: new Registry(),
    deadLetters: { location: 'memory', write: async () => undefined, count: () => undefined },
  };
  const tagger = await ticketTaggerProcessor.create(ticketTaggerProcessor.config.parse(taggerConfig(setting)), context);
  try {
    const event = (i: number) => {
      const t = ticket(i);
      return { '@timestamp': new Date().toISOString(), message: `${t.subject}\n\n${t.body}`, ticket: { ...t } } as LogEvent;
    };
    return await timed(
      async (i) => tagger.process([event(i)]),
      () => {
        const usage = process.cpuUsage();
        return (usage.user + usage.system) / 1e6;
      },
    );
  } finally {
    await tagger.close?.();
  }
}

async function startAgent(setting: Setting): Promise<{ child: ChildProcess; port: number }> {
  const dir = path.join(work, 'agent');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const json = JSON.stringify;
  const config = taggerConfig(setting);
  await writeFile(
    path.join(dir, 'agent.yaml'),
    `state_dir: ${json(path.join(dir, 'state'))}
log: { level: info }
api: { listen: 127.0.0.1:0, tickets: [tagger] }
inputs: [{ type: file, id: idle, include: [${json(path.join(dir, '*.log'))}] }]
processors:
  - { type: ticket_tagger, id: tagger, field: ${json(config.field)}, model: { path: ${json(modelDir)} }, top_k: 2, labels: ${json(LABELS)}, inference: ${json(config.inference)} }
outputs: [{ type: file, path: ${json(path.join(dir, 'out.ndjson'))} }]
`,
  );
  const child = spawn(process.execPath, [cli, 'run', '-c', path.join(dir, 'agent.yaml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let logs = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (logs = (logs + chunk).slice(-20_000)));
  const deadline = Date.now() + 120_000;
  for (;;) {
    const port = Number(/"address":"[^"]*:(\d+)","msg":"api listening"/.exec(logs)?.[1] ?? NaN);
    if (port > 0 && logs.includes('"msg":"agent started"')) return { child, port };
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`agent did not start:\n${logs.slice(-3000)}`);
    await sleep(50);
  }
}

function post(agent: http.Agent, port: number, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, path: '/v1/tickets/analyze', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${response.statusCode}`))));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function throughApi(setting: Setting) {
  const { child, port } = await startAgent(setting);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const bodies = TICKETS.map((t) => JSON.stringify({ subject: t.subject, body: t.body }));
    return await timed(
      (i) => post(agent, port, bodies[i % bodies.length] as string),
      () => processCpuSeconds(child.pid as number),
    );
  } finally {
    agent.destroy();
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

/** Tickets/s of `run --once` over a backlog of BACKLOG_REPEAT × the labelled tickets. */
async function backlog(setting: Setting): Promise<{ tickets: number; seconds: number }> {
  const dir = path.join(work, 'backlog');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const corpus = Array.from({ length: BACKLOG_REPEAT }, () => LABELLED).flat();
  await writeFile(path.join(dir, 'tickets.log'), corpus.map((t) => ticketLogLine(t)).join(''));
  const json = JSON.stringify;
  const config = taggerConfig(setting);
  await writeFile(
    path.join(dir, 'c.yaml'),
    `state_dir: ${json(path.join(dir, 'state'))}
log: { level: info }
inputs: [{ type: file, include: [${json(path.join(dir, 'tickets.log'))}] }]
processors:
  - { type: parse_json }
  - { type: ticket_tagger, field: ${json(config.field)}, model: { path: ${json(modelDir)} }, batch: { max_size: 32 }, top_k: 2, labels: ${json(LABELS)}, inference: ${json(config.inference)} }
outputs: [{ type: file, path: ${json(path.join(dir, 'out.ndjson'))}, fsync: false }]
`,
  );
  const run = await runAgentOnce(path.join(dir, 'c.yaml'), path.join(dir, 'out.ndjson'));
  if (run.eventsOut !== corpus.length) throw new Error(`backlog: ${run.eventsOut} events out of ${corpus.length}`);
  return { tickets: corpus.length, seconds: run.shippingSeconds };
}

/** A process that keeps one core busy, standing in for the application in the same pod. */
function busyNeighbour(): ChildProcess {
  return spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
};
const f2 = (x: number) => x.toFixed(2);

const rows: Row[] = [];
await rm(work, { recursive: true, force: true });
for (const neighbour of [false, true]) {
  const burner = neighbour ? busyNeighbour() : undefined;
  try {
    for (const setting of SETTINGS) {
      rows.push({ setting, neighbour, path: 'in-process', ...(await inProcess(setting)) });
      rows.push({ setting, neighbour, path: 'API', ...(await throughApi(setting)) });
    }
  } finally {
    burner?.kill('SIGKILL');
  }
}

const backlogs: { setting: Setting; tickets: number; seconds: number }[] = [];
for (const setting of SETTINGS) backlogs.push({ setting, ...(await backlog(setting)) });

const cpus = os.cpus();
console.log(`\none ticket at a time, ${TICKETS_PER_ROW} tickets per row after ${WARMUP} unmeasured; ${cpus.length} cores (${cpus[0]?.model ?? '?'}), node ${process.version}\n`);
console.log('| neighbour | threads | spin | path | p50 ms | p90 ms | CPU ms per ticket | API p50 − in-process p50 ms |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) {
  const reference = rows.find((r) => r.path === 'in-process' && r.neighbour === row.neighbour && r.setting === row.setting);
  const added = row.path === 'API' && reference ? f2(percentile(row.latenciesMs, 0.5) - percentile(reference.latenciesMs, 0.5)) : '';
  const note = row.setting.note === '' ? '' : ` (${row.setting.note})`;
  console.log(
    `| ${row.neighbour ? 'one core busy' : 'none'} | ${row.setting.threads} | ${row.setting.spin ? 'yes' : 'no'}${note} | ${row.path} | ${f2(percentile(row.latenciesMs, 0.5))} | ${f2(percentile(row.latenciesMs, 0.9))} | ${f2(row.cpuMsPerTicket)} | ${added} |`,
  );
}

console.log(`\nbacklog: run --once, parse_json + ticket_tagger (batches of 32), "agent started" → "agent stopped", cores free\n`);
console.log('| threads | spin | tickets | seconds | tickets/s |');
console.log('| --- | --- | --- | --- | --- |');
for (const row of backlogs) console.log(`| ${row.setting.threads} | ${row.setting.spin ? 'yes' : 'no'} | ${row.tickets} | ${f2(row.seconds)} | ${Math.round(row.tickets / row.seconds)} |`);
