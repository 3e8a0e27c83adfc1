/**
 * File → Elasticsearch throughput next to a raw `_bulk` replay of the same documents, in one invocation.
 *
 * 1. The agent writes the input once to an NDJSON file: these are exactly the documents it sends.
 * 2. Raw replay: those documents, pre-built into `_bulk` bodies (no encoding in the timed part), are sent
 *    with 2 requests in flight at several batch sizes; the best one is the engine's own limit here.
 * 3. The agent runs file → Elasticsearch (`run --once`) with that batch size and 2 requests in flight, three
 *    times (median). Its time is given twice: the whole process (Node start-up, loading, config, reading,
 *    encoding, sending, final checkpoint) and from its "agent started" log line to its "agent stopped" line
 *    (the shipping itself, comparable with the replay, which also excludes its client's start-up).
 * The engine is warmed up first with an unrecorded replay. Each run writes a fresh index with the agent's
 * index template. Prints docs/s and the ratios. Usage:
 *   npm run bench:search [-- --lines 200000 --engine elasticsearch]
 * Starts the local Elasticsearch (scripts/services) unless ELASTICSEARCH_URL / OPENSEARCH_URL is set.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildIndexTemplate } from '../agent/outputs/elasticsearch/index-template.js';
import { createSearchClient, type SearchEngine } from '../agent/outputs/elasticsearch/search-client.js';
import { resolveEndpoint } from '../scripts/services/endpoints.js';
import { startServices } from '../scripts/services/services.js';

const { values: options } = parseArgs({ options: { lines: { type: 'string', default: '200000' }, engine: { type: 'string', default: 'elasticsearch' } } });
const LINES = Number(options.lines);
const ENGINE = options.engine as SearchEngine;
const BATCH_SIZES = [1000, 2500, 5000, 10000];
const IN_FLIGHT = 2;
const root = path.resolve(import.meta.dirname, '../..');
const work = path.join(root, '.cache', 'bench', 'file-to-search');
const cli = path.join(root, 'dist', 'agent', 'cli.js');
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
}

async function runAgent(config: string): Promise<AgentTimes> {
  const start = performance.now();
  const child = spawn(process.execPath, [cli, 'run', '--once', '-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let logs = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (logs += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const processSeconds = (performance.now() - start) / 1000;
  if (code !== 0) throw new Error(`sidecar-ai exited with ${code}:\n${logs}`);
  const timeOf = (msg: string): number => {
    const line = logs.split('\n').find((l) => l.includes(`"msg":"${msg}"`));
    if (line === undefined) throw new Error(`no "${msg}" in the agent's logs`);
    return (JSON.parse(line) as { time: number }).time;
  };
  return { process: processSeconds, shipping: (timeOf('agent stopped') - timeOf('agent started')) / 1000 };
}

function agentConfig(dir: string, output: string): string {
  return `state_dir: ${dir}/state\nlog: { level: info }\ninputs:\n  - type: file\n    include: ["${input}"]\noutputs:\n${output}`;
}

await makeInput();
const endpoint = resolveEndpoint(ENGINE);
if (!endpoint.external) await startServices([ENGINE], { log: (line) => process.stderr.write(`[services] ${line}\n`) });
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
async function replay(batch: number): Promise<number> {
  const index = `bench-raw-${runId}-${batch}`;
  const action = `{"create":{"_index":"${index}"}}\n`;
  const bodies: string[] = [];
  for (let i = 0; i < docs.length; i += batch) bodies.push(docs.slice(i, i + batch).map((d) => `${action}${d}\n`).join(''));
  const start = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++] as string;
      const result = await client.transport.request<{ errors: boolean }>({ method: 'POST', path: '/_bulk', bulkBody: body }, { maxRetries: 0 });
      if (result.errors) throw new Error(`raw replay: bulk items failed in ${index}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const seconds = (performance.now() - start) / 1000;
  await client.indices.refresh({ index });
  const { count } = await client.count({ index });
  if (count !== docs.length) throw new Error(`raw replay stored ${count} of ${docs.length}`);
  await client.indices.delete({ index });
  return seconds;
}
await replay(BATCH_SIZES[BATCH_SIZES.length - 1] as number); // warm-up, not recorded
const raw: { batch: number; seconds: number }[] = [];
for (const batch of BATCH_SIZES) raw.push({ batch, seconds: await replay(batch) });
const best = raw.reduce((a, b) => (b.seconds < a.seconds ? b : a));

// 3. The agent, file → engine, with the best batch size, three times.
const agentDir = path.join(work, 'agent');
const agentRuns: AgentTimes[] = [];
for (let run = 0; run < 3; run++) {
  await rm(agentDir, { recursive: true, force: true });
  await mkdir(agentDir, { recursive: true });
  const agentIndex = `bench-agent-${runId}-${run}`;
  await writeFile(
    path.join(agentDir, 'c.yaml'),
    agentConfig(
      agentDir,
      `  - type: elasticsearch\n    engine: ${ENGINE}\n    nodes: ["${endpoint.address}"]\n    index: ${agentIndex}\n    template: { install: false }\n    batch: { max_events: ${best.batch}, max_bytes: 100MiB }\n    max_in_flight_requests: ${IN_FLIGHT}\n`,
    ),
  );
  agentRuns.push(await runAgent(path.join(agentDir, 'c.yaml')));
  await client.indices.refresh({ index: agentIndex });
  const stored = (await client.count({ index: agentIndex })).count;
  await client.indices.delete({ index: agentIndex });
  if (stored !== docs.length) throw new Error(`agent stored ${stored} of ${docs.length}`);
}
await client.transport.request({ method: 'DELETE', path: '/_index_template/sidecar-ai-bench' });
await client.close();
const agent = [...agentRuns].sort((x, y) => x.process - y.process)[1] as AgentTimes;

const rate = (seconds: number) => Math.round(docs.length / seconds).toLocaleString('en');
process.stdout.write(
  `file → ${ENGINE}, ${docs.length.toLocaleString('en')} documents, ${IN_FLIGHT} requests in flight, ${os.cpus().length} cores, node ${process.version}\n\n` +
    '| run | batch | seconds | docs/s |\n| --- | --- | --- | --- |\n' +
    raw.map((r) => `| raw _bulk replay | ${r.batch} | ${r.seconds.toFixed(2)} | ${rate(r.seconds)} |`).join('\n') +
    `\n| sidecar-ai run --once, whole process (median of 3) | ${best.batch} | ${agent.process.toFixed(2)} | ${rate(agent.process)} |` +
    `\n| the same runs, "agent started" → "agent stopped" | ${best.batch} | ${agent.shipping.toFixed(2)} | ${rate(agent.shipping)} |\n\n` +
    `sidecar-ai / best raw replay, whole process: ${((best.seconds / agent.process) * 100).toFixed(0)} %\n` +
    `sidecar-ai / best raw replay, started → stopped: ${((best.seconds / agent.shipping) * 100).toFixed(0)} %\n` +
    `agent runs (process s / shipping s): ${agentRuns.map((r) => `${r.process.toFixed(2)}/${r.shipping.toFixed(2)}`).join(', ')}\n`,
);
