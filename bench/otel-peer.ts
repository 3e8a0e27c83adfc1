/**
 * sidecar-ai next to the OpenTelemetry Collector (a minimal build of 0.148.0, bench/peers/otelcol), the
 * agent a pod would otherwise run, on the same input in the same invocation, runs alternating, median of N:
 *   - file-raw:    file → file, raw lines (agent codec text; collector OTLP JSON records with the line as body),
 *   - file-json:   file → file with JSON parsing on both sides (agent parse_json; collector json_parser operator),
 *   - file-search: file → Elasticsearch with JSON parsing (agent elasticsearch output; collector elasticsearch
 *                  exporter into the data stream logs-otel-<run>), with a raw `_bulk` replay of the agent's
 *                  documents as the engine's own limit,
 *   - kafka-search: Kafka → Elasticsearch, the same lines as messages of a fresh topic (agent kafka input and
 *                  parse_json; collector kafka receiver with encoding json), into the same outputs.
 * Both tools are timed alike: from process start until the last event is in the output (file: counted as it
 * grows; Elasticsearch: `_count` after a refresh), then CPU seconds and peak RSS are read from /proc and the
 * tool is stopped. Prints events/s, CPU seconds per million events (for the whole run, and from the first
 * event on, without start-up), peak RSS and start-up to first event.
 * Usage (the agent runs on the Node.js the tests use, scripts/node-runtime.mjs):
 *   npm run bench:otel [-- --lines 1000000 --search-lines 200000 --runs 3 --workloads file-raw,file-json,file-search,kafka-search]
 *                      [-- --baseline-cli <another build's executable>]  (a third row, alternating with the other two)
 * The collector is built on first use into .cache/peers/otelcol (minutes). file-search needs Elasticsearch:
 * ELASTICSEARCH_URL, or the local one of scripts/services when it is running; kafka-search also needs Kafka
 * (KAFKA_BROKERS, or the local one).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildIndexTemplate } from '../agent/outputs/elasticsearch/index-template.js';
import { ensureOtelcolPeer } from './peers/otelcol.js';
import { kafkaBrokers, resolveEndpoint } from '../scripts/services/endpoints.js';
import {
  agentFileConfig,
  agentKafkaSearchConfig,
  agentSearchConfig,
  collectorFileConfig,
  collectorKafkaSearchConfig,
  collectorSearchConfig,
  FLUSH_NOTES,
  type Workload,
} from './otel/configs.js';
import { deleteTopic, fillTopic } from './otel/kafka-topic.js';
import { fileMarkerCounter, searchCounter } from './otel/event-counters.js';
import { makeInput } from './otel/input.js';
import { runUntilDelivered, type RunFigures } from './otel/process-figures.js';
import { replayBulk } from './otel/bulk-replay.js';
import { agentExecutable } from '../scripts/agent-executable.js';

const { values: options } = parseArgs({
  options: {
    lines: { type: 'string', default: '1000000' },
    'search-lines': { type: 'string', default: '200000' },
    runs: { type: 'string', default: '3' },
    workloads: { type: 'string', default: 'file-raw,file-json,file-search' },
    'baseline-cli': { type: 'string' },
  },
});
const LINES = Number(options.lines);
const SEARCH_LINES = Number(options['search-lines']);
const RUNS = Number(options.runs);
const WORKLOADS = options.workloads.split(',') as Workload[];
const root = path.resolve(import.meta.dirname, '../..');
const work = path.join(root, '.cache', 'bench', 'otel-peer');
const cli = agentExecutable(root);
const baselineCli = options['baseline-cli'] === undefined ? undefined : path.resolve(options['baseline-cli']);
const node = (process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200').replace(/\/$/, '');

/** OTLP JSON from the file exporter: one key per log record. */
const OTLP_RECORD = '"observedTimeUnixNano"';

const collector = await ensureOtelcolPeer(root, (line) => process.stderr.write(`${line}\n`));

async function fresh(dir: string): Promise<string> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return dir;
}

type Tool = 'sidecar-ai' | 'baseline' | 'otelcol';
const TOOLS: Tool[] = baselineCli === undefined ? ['sidecar-ai', 'otelcol'] : ['sidecar-ai', 'baseline', 'otelcol'];
/** The agent executable a tool runs (the collector has none). */
const agentCli = (tool: Tool): string => (tool === 'baseline' ? (baselineCli as string) : cli);

async function runFile(tool: Tool, input: string, lines: number, parseJson: boolean): Promise<RunFigures> {
  const dir = await fresh(path.join(work, tool));
  const config = path.join(dir, 'config.yaml');
  if (tool !== 'otelcol') {
    const output = path.join(dir, 'out.ndjson');
    await writeFile(config, agentFileConfig(path.join(dir, 'state'), input, output, parseJson));
    return runUntilDelivered(tool, process.execPath, [agentCli(tool), 'run', '-c', config], fileMarkerCounter(output, '\n'), lines);
  }
  const output = path.join(dir, 'out.json');
  await writeFile(config, collectorFileConfig(input, output, parseJson));
  return runUntilDelivered(tool, collector, ['--config', config], fileMarkerCounter(output, OTLP_RECORD), lines);
}

const runId = Date.now().toString(36);
let searchRun = 0;

/** Where the search workloads read: the input file, or a Kafka topic holding its lines. */
type SearchSource = { kind: 'file'; input: string } | { kind: 'kafka'; brokers: string[]; topic: string };

async function runSearch(tool: Tool, source: SearchSource, lines: number): Promise<RunFigures> {
  const dir = await fresh(path.join(work, tool));
  const config = path.join(dir, 'config.yaml');
  const run = searchRun++;
  const index = tool !== 'otelcol' ? `bench-otel-agent-${runId}-${run}` : `logs-otel-${runId}-${run}`;
  const state = path.join(dir, 'state');
  const group = `bench-otel-${runId}-${run}`;
  const text =
    source.kind === 'file'
      ? tool !== 'otelcol'
        ? agentSearchConfig(state, source.input, node, index)
        : collectorSearchConfig(source.input, node, index)
      : tool !== 'otelcol'
        ? agentKafkaSearchConfig(state, source.brokers, source.topic, group, node, index)
        : collectorKafkaSearchConfig(source.brokers, source.topic, group, node, index);
  await writeFile(config, text);
  const [command, args] = tool !== 'otelcol' ? [process.execPath, [agentCli(tool), 'run', '-c', config]] : [collector, ['--config', config]];
  try {
    return await runUntilDelivered(tool, command, args, searchCounter(node, index), lines);
  } finally {
    await (tool === 'otelcol' ? removeDataStream(index) : fetch(`${node}/${index}`, { method: 'DELETE' })).catch(() => undefined);
  }
}

/**
 * Deletes the collector's data stream. Where the engine refuses DELETE on `_data_stream` (the local test
 * Elasticsearch answered 405), it is rolled over and its full backing index deleted, leaving it empty.
 */
async function removeDataStream(name: string): Promise<void> {
  if ((await fetch(`${node}/_data_stream/${name}`, { method: 'DELETE' })).ok) return;
  const rollover = (await (await fetch(`${node}/${name}/_rollover`, { method: 'POST' })).json()) as { old_index?: string };
  if (rollover.old_index !== undefined) await fetch(`${node}/${rollover.old_index}`, { method: 'DELETE' });
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

interface Row {
  label: string;
  runs: RunFigures[];
}

function summarise(row: Row): string {
  const m = (pick: (r: RunFigures) => number) => median(row.runs.map(pick));
  const events = row.runs[0]?.events ?? 0;
  return `| ${row.label} | ${Math.round(m((r) => r.events / r.seconds)).toLocaleString('en')} | ${m((r) => r.seconds).toFixed(2)} | ${m((r) => (r.cpuSeconds / r.events) * 1e6).toFixed(2)} | ${m((r) => (r.steadyCpuSeconds / r.steadyEvents) * 1e6).toFixed(2)} | ${m((r) => r.peakRssMiB).toFixed(0)} | ${m((r) => r.firstEventSeconds).toFixed(2)} | ${events.toLocaleString('en')} |`;
}

/** Rows in TOOLS order; the agent's row first, the collector's last. */
async function alternate(make: (tool: Tool) => Promise<RunFigures>, agentLabels: { 'sidecar-ai': string; otelcol: string }): Promise<Row[]> {
  const labels: Record<Tool, string> = { ...agentLabels, baseline: `${agentLabels['sidecar-ai']} (baseline: ${path.relative(root, baselineCli ?? '')})` };
  const rows = new Map(TOOLS.map((tool) => [tool, { label: labels[tool], runs: [] as RunFigures[] }]));
  for (let i = 0; i < RUNS; i++) {
    // Rotate which tool goes first, so drift of the shared machine falls on all.
    const order = TOOLS.map((_, k) => TOOLS[(k + i) % TOOLS.length] as Tool);
    for (const tool of order) {
      const figures = await make(tool);
      process.stderr.write(`  ${labels[tool]} run ${i + 1}: ${figures.seconds.toFixed(2)} s, ${figures.cpuSeconds.toFixed(2)} CPU s, ${figures.peakRssMiB.toFixed(0)} MiB\n`);
      rows.get(tool)?.runs.push(figures);
    }
  }
  return TOOLS.map((tool) => rows.get(tool) as Row);
}

const header =
  '| tool | events/s | seconds | CPU s per 1M events | same, after the first event | peak RSS MiB | start-up to first event s | events |\n| --- | --- | --- | --- | --- | --- | --- | --- |';
process.stdout.write(`sidecar-ai (node ${process.version}) vs OpenTelemetry Collector 0.148.0 (bench/peers/otelcol), ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, median of ${RUNS}\n`);
for (const note of FLUSH_NOTES) process.stdout.write(`- ${note}\n`);

for (const workload of WORKLOADS) {
  if (workload === 'file-raw' || workload === 'file-json') {
    const input = await makeInput(work, LINES);
    const parse = workload === 'file-json';
    process.stderr.write(`${workload}: ${LINES} lines\n`);
    const rows = await alternate((tool) => runFile(tool, input, LINES, parse), {
      'sidecar-ai': parse ? 'sidecar-ai, parse_json, codec json' : 'sidecar-ai, codec text',
      otelcol: parse ? 'otelcol, json_parser, file exporter' : 'otelcol, file exporter',
    });
    process.stdout.write(`\n${workload}: file → file, ${LINES.toLocaleString('en')} JSON lines${parse ? ', parsed' : ', raw'}\n\n${header}\n${rows.map(summarise).join('\n')}\n`);
  } else if (workload === 'file-search') {
    const input = await makeInput(work, SEARCH_LINES);
    process.stderr.write(`${workload}: ${SEARCH_LINES} lines into ${node}\n`);
    await putTemplates();
    const replay = await replayBulk(node, cli, work, input, `bench-otel-raw-${runId}`);
    const rows = await alternate((tool) => runSearch(tool, { kind: 'file', input }, SEARCH_LINES), {
      'sidecar-ai': 'sidecar-ai → elasticsearch output',
      otelcol: 'otelcol → elasticsearch exporter',
    });
    process.stdout.write(`\n${workload}: file → Elasticsearch, ${SEARCH_LINES.toLocaleString('en')} JSON lines, parsed\n\n${header}\n${rows.map(summarise).join('\n')}\n`);
    process.stdout.write(`| raw \`_bulk\` replay of the agent's documents (5000 per request, 2 in flight, pre-built) | ${Math.round(SEARCH_LINES / replay.seconds).toLocaleString('en')} | ${replay.seconds.toFixed(2)} | – | – | – | – | ${SEARCH_LINES.toLocaleString('en')} |\n`);
    const ratio = (pick: (r: RunFigures) => number) => {
      const [agent, otel] = [rows[0], rows.at(-1)].map((r) => (r === undefined ? undefined : median(r.runs.map(pick))));
      return agent !== undefined && otel !== undefined ? (agent / otel).toFixed(2) : '?';
    };
    process.stdout.write(
      `agent CPU per document / collector exporter's: ${ratio((r) => r.cpuSeconds / r.events)}x whole run, ${ratio((r) => r.steadyCpuSeconds / r.steadyEvents)}x after the first event (goal ≤ 1)\n`,
    );
  } else if (workload === 'kafka-search') {
    const input = await makeInput(work, SEARCH_LINES);
    const brokers = kafkaBrokers(resolveEndpoint('kafka').address);
    const topic = `bench-otel-${runId}`;
    process.stderr.write(`${workload}: ${SEARCH_LINES} messages on ${brokers.join(',')} into ${node}\n`);
    await putTemplates();
    await fillTopic(brokers, topic, input);
    try {
      const rows = await alternate((tool) => runSearch(tool, { kind: 'kafka', brokers, topic }, SEARCH_LINES), {
        'sidecar-ai': 'sidecar-ai, kafka input → elasticsearch output',
        otelcol: 'otelcol, kafka receiver → elasticsearch exporter',
      });
      process.stdout.write(`\n${workload}: Kafka → Elasticsearch, ${SEARCH_LINES.toLocaleString('en')} JSON messages (3 partitions), parsed\n\n${header}\n${rows.map(summarise).join('\n')}\n`);
    } finally {
      await deleteTopic(brokers, topic);
    }
  } else throw new Error(`unknown workload ${String(workload)}`);
}

/** The agent's ECS template for its indices; a data stream template for the collector's logs-otel-*. */
async function putTemplates(): Promise<void> {
  const put = async (name: string, body: unknown) => {
    const response = await fetch(`${node}/_index_template/${name}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`PUT _index_template/${name}: ${response.status} ${await response.text()}`);
  };
  await put('sidecar-ai-bench-otel', buildIndexTemplate({ indexPatterns: ['bench-otel-*'], dataStream: false, priority: 300 }));
  // Above the built-in logs-*-* template (priority 100), which would apply its own mappings and settings.
  await put('logs-otel-bench', { index_patterns: ['logs-otel-*'], data_stream: {}, priority: 500 });
}
