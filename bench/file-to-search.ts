/**
 * File → Elasticsearch throughput next to a raw `_bulk` replay of the same documents, in one invocation.
 *
 * 1. The agent writes the input once to an NDJSON file: these are exactly the documents it sends.
 * 2. Raw replay: those documents, pre-built into `_bulk` bodies (no encoding in the timed part), are sent
 *    with 2 requests in flight at several batch sizes, asking only for `errors` in the response; the
 *    fastest is the engine's own limit here.
 * 3. At that batch size, the raw replay and the agent (`run --once` file → Elasticsearch, 2 requests in
 *    flight) take turns, five times each; medians are compared. The agent's time is given twice: the whole process (Node start-up, loading, config, reading,
 *    encoding, sending, final checkpoint) and from its "agent started" log line to its "agent stopped" line
 *    (the shipping itself, comparable with the replay, which also excludes its client's start-up).
 * The engine is warmed up first with an unrecorded replay. Each run writes a fresh index with the agent's
 * index template. Prints docs/s and the ratios. Last, the agent alone: the same run against an HTTP server in
 * this process that answers every `_bulk` request at once with `{"errors":false}`, to show the agent's own
 * ceiling (docs/s and CPU per document) apart from the engine's. All of this is done twice: with every core shared by the
 * engine, the agent and the replay client, then (for an engine these scripts started, on Linux with
 * taskset) with the engine pinned to the last CPU and the agent and the replay client to the others, as in
 * a deployment where the sidecar and the engine run on different nodes. Usage:
 *   npm run bench:search [-- --lines 200000 --engine elasticsearch]
 * Starts the local Elasticsearch (scripts/services) unless ELASTICSEARCH_URL / OPENSEARCH_URL is set.
 */
import { execFile, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { buildIndexTemplate } from '../agent/outputs/elasticsearch/index-template.js';
import { createSearchClient, type SearchEngine } from '../agent/outputs/elasticsearch/search-client.js';
import { resolveEndpoint } from '../scripts/services/endpoints.js';
import { servicePaths, servicesRoot } from '../scripts/services/paths.js';
import { readPidFile } from '../scripts/services/processes.js';
import { startServices } from '../scripts/services/services.js';
import { agentExecutable } from '../scripts/agent-executable.js';

const execFileAsync = promisify(execFile);

const { values: options } = parseArgs({ options: { lines: { type: 'string', default: '200000' }, engine: { type: 'string', default: 'elasticsearch' } } });
const LINES = Number(options.lines);
const ENGINE = options.engine as SearchEngine;
const BATCH_SIZES = [1000, 2500, 5000, 10000];
const IN_FLIGHT = 2;
const ROUNDS = 5;
const root = path.resolve(import.meta.dirname, '../..');
const work = path.join(root, '.cache', 'bench', 'file-to-search');
const cli = agentExecutable(root);
const input = path.join(work, `input-${LINES}.log`);

async function makeInput(): Promise<void> {
  if (existsSync(input)) return;
  await mkdir(work, { recursive: true });
  const out = createWriteStream(input);
  for (let i = 0; i < LINES; i++) {
    const line = `{"level":"${i % 7 === 0 ? 'WARN' : 'INFO'}","logger":"c.e.shop.checkout.PaymentController","thread":"exec-${i % 16}","order":${100000 + i},"message":"Order ${100000 + i} paid amount=${(i % 9973) / 100} EUR"}\n`;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

interface AgentTimes {
  /** Spawn to exit. */
  process: number;
  /** From the agent's "agent started" log line to its "agent stopped" line. */
  shipping: number;
  /** CPU seconds the agent process used (user + system, all threads), from its "agent stopped" line. */
  cpu: number;
  /** CPU seconds the engine used during the run, when it runs here; NaN otherwise. */
  engineCpu: number;
}

async function runAgent(config: string): Promise<AgentTimes> {
  const engineStart = await engineCpuSeconds();
  const start = performance.now();
  const child = spawn(process.execPath, [cli, 'run', '--once', '-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let logs = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (logs += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const processSeconds = (performance.now() - start) / 1000;
  if (code !== 0) throw new Error(`sidecar-ai exited with ${code}:\n${logs}`);
  const engineCpu = (await engineCpuSeconds()) - engineStart;
  const lineOf = (msg: string): { time: number; cpu_seconds?: { user: number; system: number } } => {
    const line = logs.split('\n').find((l) => l.includes(`"msg":"${msg}"`));
    if (line === undefined) throw new Error(`no "${msg}" in the agent's logs`);
    return JSON.parse(line) as { time: number };
  };
  const stopped = lineOf('agent stopped');
  const cpu = (stopped.cpu_seconds?.user ?? Number.NaN) + (stopped.cpu_seconds?.system ?? Number.NaN);
  return { process: processSeconds, shipping: (stopped.time - lineOf('agent started').time) / 1000, cpu, engineCpu };
}

function agentConfig(dir: string, output: string): string {
  return `state_dir: ${dir}/state\nlog: { level: info }\ninputs:\n  - type: file\n    include: ["${input}"]\noutputs:\n${output}`;
}

await makeInput();
const endpoint = resolveEndpoint(ENGINE);
if (!endpoint.external) await startServices([ENGINE], { log: (line) => process.stderr.write(`[services] ${line}\n`) });
const enginePid = endpoint.external ? undefined : await readPidFile(servicePaths(ENGINE, await servicesRoot()).pidFile);

/** CPU seconds (user + system) the engine's process has used so far, from /proc; NaN where unknown. */
async function engineCpuSeconds(): Promise<number> {
  if (enginePid === undefined) return Number.NaN;
  try {
    const fields = (await readFile(`/proc/${enginePid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ (100 on Linux)
  } catch {
    return Number.NaN;
  }
}

const client = createSearchClient({ engine: ENGINE, node: endpoint.address, compatibleWith: 8, requestTimeoutMs: 120_000 });
const runId = Date.now().toString(36);
await client.transport.request({
  method: 'PUT',
  path: `/_index_template/sidecar-ai-bench`,
  body: buildIndexTemplate({ indexPatterns: ['bench-*'], dataStream: false, priority: 300 }),
});

// 1. The documents the agent sends, captured with its file output.
const docsDir = path.join(work, 'docs');
await rm(docsDir, { recursive: true, force: true });
await mkdir(docsDir, { recursive: true });
const docsFile = path.join(docsDir, 'docs.ndjson');
await writeFile(path.join(docsDir, 'c.yaml'), agentConfig(docsDir, `  - type: file\n    path: ${docsFile}\n    fsync: false\n`));
await runAgent(path.join(docsDir, 'c.yaml'));
const docs = readFileSync(docsFile, 'utf8').split('\n').filter((l) => l !== '');

// 2. Raw replay at several batch sizes.
async function replay(batch: number, label: string): Promise<{ seconds: number; engineCpu: number }> {
  const index = `bench-raw-${runId}-${label}-${batch}`;
  const action = `{"create":{"_index":"${index}"}}\n`;
  const bodies: string[] = [];
  for (let i = 0; i < docs.length; i += batch) bodies.push(docs.slice(i, i + batch).map((d) => `${action}${d}\n`).join(''));
  const engineStart = await engineCpuSeconds();
  const start = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++] as string;
      // Only `errors` in the response: the least work for the engine (the agent also asks for per-item status).
      const result = await client.transport.request<{ errors: boolean }>({ method: 'POST', path: '/_bulk', querystring: { filter_path: 'errors' }, bulkBody: body }, { maxRetries: 0 });
      if (result.errors) throw new Error(`raw replay: bulk items failed in ${index}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const seconds = (performance.now() - start) / 1000;
  const engineCpu = (await engineCpuSeconds()) - engineStart;
  await client.indices.refresh({ index });
  const { count } = await client.count({ index });
  if (count !== docs.length) throw new Error(`raw replay stored ${count} of ${docs.length}`);
  await client.indices.delete({ index });
  return { seconds, engineCpu };
}

// 3. The agent, file → engine.
async function agentRun(batch: number, label: string, run: number, node = endpoint.address): Promise<AgentTimes> {
  const agentDir = path.join(work, 'agent');
  await rm(agentDir, { recursive: true, force: true });
  await mkdir(agentDir, { recursive: true });
  const agentIndex = `bench-agent-${runId}-${label}-${run}`;
  await writeFile(
    path.join(agentDir, 'c.yaml'),
    agentConfig(
      agentDir,
      `  - type: elasticsearch\n    engine: ${ENGINE}\n    nodes: ["${node}"]\n    index: ${agentIndex}\n    template: { install: false }\n    batch: { max_events: ${batch}, max_bytes: 100MiB }\n    max_in_flight_requests: ${IN_FLIGHT}\n`,
    ),
  );
  const times = await runAgent(path.join(agentDir, 'c.yaml'));
  if (node !== endpoint.address) return times; // the stand-in server of agentAlone stores nothing
  await client.indices.refresh({ index: agentIndex });
  const stored = (await client.count({ index: agentIndex })).count;
  await client.indices.delete({ index: agentIndex });
  if (stored !== docs.length) throw new Error(`agent stored ${stored} of ${docs.length}`);
  return times;
}

interface LayoutResult {
  title: string;
  sweep: { batch: number; seconds: number }[];
  batch: number;
  /** Median of the replays at the chosen batch size, interleaved with the agent's runs. */
  replay: number;
  replays: { seconds: number; engineCpu: number }[];
  agent: AgentTimes;
  agentRuns: AgentTimes[];
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/**
 * A sweep picks the batch size where the replay is fastest; then replay and agent take turns at that size,
 * ROUNDS times each, and their medians are compared. Taking turns spreads the machine's drift over both;
 * the same statistic on both sides keeps one lucky replay from setting the bar.
 */
async function measure(title: string, label: string): Promise<LayoutResult> {
  await replay(BATCH_SIZES[BATCH_SIZES.length - 1] as number, `${label}-warm`); // warm-up, not recorded
  const sweep: { batch: number; seconds: number }[] = [];
  for (const batch of BATCH_SIZES) sweep.push({ batch, seconds: (await replay(batch, `${label}-sweep`)).seconds });
  const batch = sweep.reduce((a, b) => (b.seconds < a.seconds ? b : a)).batch;
  const replays: { seconds: number; engineCpu: number }[] = [];
  const agentRuns: AgentTimes[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    replays.push(await replay(batch, `${label}-${round}`));
    agentRuns.push(await agentRun(batch, label, round));
  }
  const agent = [...agentRuns].sort((x, y) => x.shipping - y.shipping)[Math.floor(ROUNDS / 2)] as AgentTimes;
  return {
    title,
    sweep,
    batch,
    replay: median(replays.map((r) => r.seconds)),
    replays,
    agent: { process: median(agentRuns.map((r) => r.process)), shipping: agent.shipping, cpu: median(agentRuns.map((r) => r.cpu)), engineCpu: median(agentRuns.map((r) => r.engineCpu)) },
    agentRuns,
  };
}

const results: LayoutResult[] = [await measure(`all ${os.cpus().length} cores shared by the engine, the agent and the replay client`, 'shared')];
const engineCpus = await separateEngineCpu();
if (engineCpus !== undefined) {
  try {
    results.push(await measure(`the engine on CPU ${engineCpus.engine}, the agent and the replay client on CPU ${engineCpus.client}`, 'separate'));
  } finally {
    await engineCpus.restore();
  }
}
await client.transport.request({ method: 'DELETE', path: '/_index_template/sidecar-ai-bench' });
await client.close();
const alone = await agentAlone(results[0]?.batch ?? (BATCH_SIZES[0] as number));

/**
 * The agent against a server that acknowledges every bulk request at once (after reading its body), in this
 * process: what the agent can ship when the engine is not the limit, and its CPU per document meanwhile.
 */
async function agentAlone(batch: number): Promise<{ batch: number; runs: AgentTimes[] }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.setHeader('x-elastic-product', 'Elasticsearch');
      response.setHeader('content-type', 'application/json');
      response.end(request.url?.startsWith('/_bulk') === true ? '{"errors":false}' : '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const runs: AgentTimes[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) runs.push(await agentRun(batch, 'alone', round, address));
  } finally {
    server.close();
  }
  return { batch, runs };
}

/**
 * In a deployment the agent runs in the application's pod and the engine on its own nodes: they never
 * compete for cores. On one machine, the closest is to pin the engine to one CPU and this process (and the
 * agents it spawns, which inherit it) to the others with taskset. Only for an engine these scripts started.
 */
async function separateEngineCpu(): Promise<{ engine: string; client: string; restore(): Promise<void> } | undefined> {
  const cpus = os.cpus().length;
  if (endpoint.external || cpus < 2 || process.platform !== 'linux') return undefined;
  const pid = await readPidFile(servicePaths(ENGINE, await servicesRoot()).pidFile);
  if (pid === undefined) return undefined;
  const all = `0-${cpus - 1}`;
  const engine = String(cpus - 1);
  const client = cpus === 2 ? '0' : `0-${cpus - 2}`;
  try {
    await execFileAsync('taskset', ['-a', '-p', '-c', engine, String(pid)]);
    await execFileAsync('taskset', ['-a', '-p', '-c', client, String(process.pid)]);
  } catch (error) {
    process.stderr.write(`taskset unavailable (${(error as Error).message}); skipping the separate-CPU layout\n`);
    return undefined;
  }
  return {
    engine,
    client,
    restore: async () => {
      await execFileAsync('taskset', ['-a', '-p', '-c', all, String(pid)]);
      await execFileAsync('taskset', ['-a', '-p', '-c', all, String(process.pid)]);
    },
  };
}

const rate = (seconds: number) => Math.round(docs.length / seconds).toLocaleString('en');
const table = (r: LayoutResult): string =>
  `### ${r.title}\n\n` +
  '| run | batch | seconds | docs/s |\n| --- | --- | --- | --- |\n' +
  r.sweep.map((x) => `| raw _bulk replay, batch-size sweep | ${x.batch} | ${x.seconds.toFixed(2)} | ${rate(x.seconds)} |`).join('\n') +
  `\n| raw _bulk replay (median of ${ROUNDS}) | ${r.batch} | ${r.replay.toFixed(2)} | ${rate(r.replay)} |` +
  `\n| sidecar-ai run --once, whole process (median of ${ROUNDS}) | ${r.batch} | ${r.agent.process.toFixed(2)} | ${rate(r.agent.process)} |` +
  `\n| sidecar-ai, "agent started" → "agent stopped" (median of ${ROUNDS}) | ${r.batch} | ${r.agent.shipping.toFixed(2)} | ${rate(r.agent.shipping)} |\n\n` +
  `sidecar-ai / raw replay, whole process: ${((r.replay / r.agent.process) * 100).toFixed(0)} %\n` +
  `sidecar-ai / raw replay, started → stopped: ${((r.replay / r.agent.shipping) * 100).toFixed(0)} %\n` +
  `CPU per document (medians): engine ${perDoc(median(r.replays.map((x) => x.engineCpu)))} µs during the replay, ${perDoc(r.agent.engineCpu)} µs during the agent's run; agent ${perDoc(r.agent.cpu)} µs (whole process)\n` +
  `replays (s): ${r.replays.map((x) => x.seconds.toFixed(2)).join(', ')}; agent runs (process s / shipping s): ${r.agentRuns.map((x) => `${x.process.toFixed(2)}/${x.shipping.toFixed(2)}`).join(', ')}\n`;
function perDoc(cpuSeconds: number): string {
  return Number.isFinite(cpuSeconds) ? ((cpuSeconds / docs.length) * 1e6).toFixed(1) : 'n/a';
}
process.stdout.write(
  `file → ${ENGINE}, ${docs.length.toLocaleString('en')} documents, ${IN_FLIGHT} requests in flight, ${os.cpus().length} cores, node ${process.version}\n\n` +
    results.map(table).join('\n') +
    `\n### the agent alone, against a server that acknowledges every request at once (batch ${alone.batch})\n\n` +
    `sidecar-ai, "agent started" → "agent stopped" (median of ${ROUNDS}): ${rate(median(alone.runs.map((r) => r.shipping)))} docs/s; ` +
    `whole process ${rate(median(alone.runs.map((r) => r.process)))} docs/s; agent CPU per document ${perDoc(median(alone.runs.map((r) => r.cpu)))} µs (whole process)\n`,
);
