/**
 * Kafka → file throughput next to a plain kafkajs consumer reading the same topic, in one invocation.
 * A fresh 3-partition topic gets N JSON messages; then, alternating and three times each, with a fresh consumer
 * group every time: (1) a bare kafkajs consumer in its own process (bench/kafka-plain-consumer.ts: eachBatch,
 * nothing done with the messages, offsets auto-committed), (2) sidecar-ai `run --once` with a kafka input into
 * a file output (events built, NDJSON written, offsets committed after delivery).
 *
 * Both are measured from the first fetched message to the last one: the plain consumer prints when its first
 * and last batch arrive; the agent logs each partition's first fetched batch, and its last message is the
 * output file's last write (its mtime). Start-up and the group join are outside the window for both. CPU
 * seconds (user + sys) in the same window come from /proc samples of each process. Usage:
 *   npm run bench:kafka [-- --messages 300000] [--rounds 3] [--cpu-prof] [--input-setting key=value ...] [--output-setting key=value ...]
 * `--cpu-prof` writes the agent's CPU profiles to .cache/bench/kafka-throughput/profiles. `--baseline-cli
 * path/to/dist/agent/cli.js` also runs another build of the agent (one that logs its first fetched batch the
 * same way) in the same rounds, for before/after figures taken under the same load.
 * Starts the local Kafka (scripts/services) unless KAFKA_BROKERS is set.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaBrokers, resolveEndpoint } from '../scripts/services/endpoints.js';
import { startServices } from '../scripts/services/services.js';
import { ProcessSampler } from './process-sampler.js';
import { agentExecutable } from '../scripts/agent-executable.js';

const { values: options } = parseArgs({
  options: {
    messages: { type: 'string', default: '300000' },
    rounds: { type: 'string', default: '3' },
    'cpu-prof': { type: 'boolean', default: false },
    'input-setting': { type: 'string', multiple: true, default: [] },
    'output-setting': { type: 'string', multiple: true, default: [] },
    'baseline-cli': { type: 'string' },
  },
});
/** `--input-setting key=value` / `--output-setting key=value` (repeatable) add settings to the agent's kafka input or file output, to compare tunings. */
const yamlSettings = (settings: string[]) =>
  settings.map((setting) => {
    const [key, ...value] = setting.split('=');
    return `    ${key}: ${value.join('=')}\n`;
  });
const inputSettings = yamlSettings(options['input-setting']);
const outputSettings = yamlSettings(options['output-setting']);
const MESSAGES = Number(options.messages);
const ROUNDS = Number(options.rounds);
const root = path.resolve(import.meta.dirname, '../..');
const work = path.join(root, '.cache', 'bench', 'kafka-throughput');
const cli = agentExecutable(root);
const plainScript = path.join(root, 'dist', 'bench', 'kafka-plain-consumer.js');

interface Run {
  /** First fetched message to last one (plain) or last output write (agent). */
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMiB: number;
  /** Spawn to exit, start-up and shutdown included. */
  readonly processSeconds: number;
}

const endpoint = resolveEndpoint('kafka');
if (!endpoint.external) await startServices(['kafka'], { log: (line) => process.stderr.write(`[services] ${line}\n`) });
const brokers = kafkaBrokers(endpoint.address);
const kafka = new Kafka({ clientId: 'sidecar-ai-bench', brokers, logLevel: logLevel.NOTHING });
const topic = `sidecar-bench-${Date.now().toString(36)}`;

const admin = kafka.admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
const producer = kafka.producer();
await producer.connect();
let bytes = 0;
for (let i = 0; i < MESSAGES; i += 5000) {
  const messages = [];
  for (let j = i; j < Math.min(MESSAGES, i + 5000); j++) {
    const value = `{"@timestamp":"2026-11-02T09:00:00.000Z","level":"INFO","logger":"c.e.shop.checkout.PaymentController","order":${j},"message":"Order ${j} paid"}`;
    bytes += value.length;
    messages.push({ key: `k${j}`, value });
  }
  await producer.send({ topic, messages });
}
await producer.disconnect();

/** Spawns `args`, samples it, hands each line of `stream` to `onLine`; resolves with its exit code and sampler. */
async function measured(args: string[], stream: 'stdout' | 'stderr', onLine: (line: string) => void): Promise<{ started: number; ended: number; sampler: ProcessSampler; peakRssMiB: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', stream === 'stdout' ? 'pipe' : 'ignore', stream === 'stderr' ? 'pipe' : 'inherit'] });
  const sampler = new ProcessSampler(child.pid as number);
  const lines = createInterface({ input: child[stream] as NodeJS.ReadableStream });
  lines.on('line', onLine);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const ended = Date.now();
  const peakRssMiB = sampler.stop();
  if (code !== 0) throw new Error(`${args.slice(0, 2).join(' ')} exited with ${code}`);
  return { started, ended, sampler, peakRssMiB };
}

async function runPlain(round: number): Promise<Run> {
  let first: number | undefined;
  let last: number | undefined;
  const args = [plainScript, '--brokers', brokers.join(','), '--topic', topic, '--group', `plain-${topic}-${round}`, '--messages', String(MESSAGES)];
  const { started, ended, sampler, peakRssMiB } = await measured(args, 'stdout', (line) => {
    const report = JSON.parse(line) as { first?: number; last?: number };
    first ??= report.first;
    last ??= report.last;
  });
  if (first === undefined || last === undefined) throw new Error('the plain consumer did not report its first and last batch');
  return { seconds: (last - first) / 1000, cpuSeconds: sampler.cpuSecondsAt(last) - sampler.cpuSecondsAt(first), peakRssMiB, processSeconds: (ended - started) / 1000 };
}

async function runAgent(round: number, agentCli = cli, name = 'agent'): Promise<Run> {
  const dir = path.join(work, `${name}-${round}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const output = path.join(dir, 'out.ndjson');
  await writeFile(
    path.join(dir, 'c.yaml'),
    `state_dir: ${dir}/state\nlog: { level: info }\ninputs:\n  - type: kafka\n    brokers: ${JSON.stringify(brokers)}\n    topics: [${topic}]\n    group_id: ${name}-${topic}-${round}\n${inputSettings.join('')}outputs:\n  - type: file\n    path: ${output}\n${outputSettings.join('')}`,
  );
  const profile = options['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', path.join(work, 'profiles')] : [];
  let first: number | undefined;
  const { started, ended, sampler, peakRssMiB } = await measured([...profile, agentCli, 'run', '--once', '-c', path.join(dir, 'c.yaml')], 'stderr', (line) => {
    const entry = JSON.parse(line) as { msg?: string; time?: number; level?: number };
    if (entry.msg === 'first batch of partition fetched' && entry.time !== undefined) first = Math.min(first ?? entry.time, entry.time);
    else if ((entry.level ?? 0) >= 40) process.stderr.write(`${line}\n`);
  });
  if (first === undefined) throw new Error('sidecar-ai logged no fetched batch');
  const last = (await stat(output)).mtimeMs;
  const delivered = (await readFile(output, 'utf8')).split('\n').filter((l) => l !== '').length;
  if (delivered !== MESSAGES) throw new Error(`sidecar-ai delivered ${delivered} of ${MESSAGES}`);
  await rm(output);
  return { seconds: (last - first) / 1000, cpuSeconds: sampler.cpuSecondsAt(last) - sampler.cpuSecondsAt(first), peakRssMiB, processSeconds: (ended - started) / 1000 };
}

const plain: Run[] = [];
const agent: Run[] = [];
const baseline: Run[] = [];
const baselineCli = options['baseline-cli'];
for (let round = 0; round < ROUNDS; round++) {
  // Rotating which goes first spreads drift in the machine's load over all of them.
  const runs: (() => Promise<void>)[] = [async () => void plain.push(await runPlain(round)), async () => void agent.push(await runAgent(round))];
  if (baselineCli !== undefined) runs.push(async () => void baseline.push(await runAgent(round, path.resolve(baselineCli), 'baseline')));
  for (let i = 0; i < runs.length; i++) await (runs[(i + round) % runs.length] as () => Promise<void>)();
}
await admin.deleteTopics({ topics: [topic] });
await admin.disconnect();

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};
const mib = bytes / 1024 / 1024;
const perMillion = 1_000_000 / MESSAGES;
const row = (name: string, runs: Run[]) => {
  const seconds = median(runs.map((r) => r.seconds));
  return (
    `| ${name} | ${seconds.toFixed(2)} | ${Math.round(MESSAGES / seconds).toLocaleString('en')} | ${(mib / seconds).toFixed(1)} | ` +
    `${median(runs.map((r) => r.cpuSeconds * perMillion)).toFixed(2)} | ${median(runs.map((r) => r.peakRssMiB)).toFixed(0)} | ${median(runs.map((r) => r.processSeconds)).toFixed(2)} |`
  );
};
const rounds = (runs: Run[]) => runs.map((r) => `${r.seconds.toFixed(2)} s / ${(r.cpuSeconds * perMillion).toFixed(2)} CPU-s/M`).join(', ');
const ratio = (runs: Run[]) => `${((median(plain.map((r) => r.seconds)) / median(runs.map((r) => r.seconds))) * 100).toFixed(0)} %`;
process.stdout.write(
  `Kafka → file, ${MESSAGES.toLocaleString('en')} messages (${mib.toFixed(1)} MiB of values), 3 partitions, ${os.cpus().length} cores, node ${process.version}, ` +
    `median of ${ROUNDS} alternating runs, first fetched message to last (load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})\n\n` +
    `| consumer | seconds | messages/s | MiB/s | CPU s per million messages | peak RSS MiB | process seconds (start-up to exit) |\n| --- | --- | --- | --- | --- | --- | --- |\n` +
    `${row('plain kafkajs consumer (no work per message)', plain)}\n${row(`sidecar-ai run --once, kafka → file (${options['output-setting'].join(', ') || 'json codec, fsync'})`, agent)}\n` +
    (baselineCli === undefined ? '' : `${row(`baseline build (${path.relative(root, path.resolve(baselineCli))})`, baseline)}\n`) +
    `\nsidecar-ai / plain consumer (messages/s): ${ratio(agent)}${baselineCli === undefined ? '' : `; baseline build / plain consumer: ${ratio(baseline)}`}\n\n` +
    `runs: plain ${rounds(plain)}; sidecar-ai ${rounds(agent)}${baselineCli === undefined ? '' : `; baseline ${rounds(baseline)}`}\n`,
);
