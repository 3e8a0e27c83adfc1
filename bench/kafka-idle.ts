/**
 * What a Kafka consumer costs while its topic is quiet: sidecar-ai `run` with a kafka input (into a file
 * output) next to a plain kafkajs consumer (bench/kafka-plain-consumer.ts), each in its own process, taking
 * turns. Each joins a fresh consumer group on an empty 3-partition topic; from a few seconds after the join,
 * its CPU seconds (user + sys, /proc) are read over a window, and its RSS at the end. A sidecar in every pod
 * pays this all day. Usage:
 *   npm run bench:kafka-idle [-- --seconds 30] [--rounds 3] [--baseline-cli path/to/dist/bin/sidecar-ai.js]
 * `--baseline-cli` runs another build of the agent in the same rounds. Starts the local Kafka
 * (scripts/services) unless KAFKA_BROKERS is set.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaBrokers, resolveEndpoint } from '../scripts/services/endpoints.js';
import { startServices } from '../scripts/services/services.js';
import { agentExecutable } from '../scripts/agent-executable.js';
import { processCpuSeconds } from './process-sampler.js';

const { values: options } = parseArgs({
  options: { seconds: { type: 'string', default: '30' }, rounds: { type: 'string', default: '3' }, 'baseline-cli': { type: 'string' } },
});
const WINDOW_SECONDS = Number(options.seconds);
const ROUNDS = Number(options.rounds);
/** After the join, before the window: the first fetches and the group's settling are not idle time. */
const SETTLE_SECONDS = 5;
const root = path.resolve(import.meta.dirname, '../..');
const work = path.join(root, '.cache', 'bench', 'kafka-idle');
const plainScript = path.join(root, 'dist', 'bench', 'kafka-plain-consumer.js');

const endpoint = resolveEndpoint('kafka');
if (!endpoint.external) await startServices(['kafka'], { log: (line) => process.stderr.write(`[services] ${line}\n`) });
const brokers = kafkaBrokers(endpoint.address);
const topic = `idle-${Date.now()}`;
const admin = new Kafka({ clientId: 'sidecar-ai-bench', brokers, logLevel: logLevel.NOTHING }).admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
await admin.disconnect();

interface Idle {
  readonly cpuPercent: number;
  readonly rssMiB: number;
}

function rssMiB(pid: number): number {
  const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kib) / 1024;
}

/** Starts `args`, waits for a line of `stream` that `joined` accepts, then measures the idle window. */
async function idleOf(args: string[], stream: 'stdout' | 'stderr', joined: (line: string) => boolean): Promise<Idle> {
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', stream === 'stdout' ? 'pipe' : 'ignore', stream === 'stderr' ? 'pipe' : 'ignore'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child[stream] as NodeJS.ReadableStream });
  await new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => {
      if (joined(line)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}) before joining its group`)));
  });
  await sleep(SETTLE_SECONDS * 1000);
  const pid = child.pid as number;
  const before = processCpuSeconds(pid);
  await sleep(WINDOW_SECONDS * 1000);
  const cpuSeconds = processCpuSeconds(pid) - before;
  const rss = rssMiB(pid);
  child.kill('SIGTERM');
  await exited;
  return { cpuPercent: (100 * cpuSeconds) / WINDOW_SECONDS, rssMiB: rss };
}

async function agent(name: string, cli: string, round: number): Promise<Idle> {
  const dir = path.join(work, `${name}-${round}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const config = path.join(dir, 'c.yaml');
  await writeFile(
    config,
    `state_dir: ${dir}/state\nlog: { level: info }\ninputs:\n  - type: kafka\n    brokers: ${JSON.stringify(brokers)}\n    topics: [${topic}]\n    group_id: ${name}-${topic}-${round}\noutputs:\n  - type: file\n    path: ${dir}/out.ndjson\n`,
  );
  return idleOf([cli, 'run', '-c', config], 'stderr', (line) => line.includes('joined consumer group'));
}

const plain = (round: number): Promise<Idle> =>
  idleOf([plainScript, '--brokers', brokers.join(','), '--topic', topic, '--group', `plain-${topic}-${round}`, '--messages', '1'], 'stdout', (line) => line.includes('"joined"'));

const consumers: Array<[string, (round: number) => Promise<Idle>]> = [
  ['plain kafkajs consumer (no work per message)', plain],
  ['sidecar-ai', (round) => agent('agent', agentExecutable(root), round)],
];
const baseline = options['baseline-cli'];
if (baseline !== undefined) consumers.push([`sidecar-ai, ${baseline}`, (round) => agent('baseline', path.resolve(baseline), round)]);

const results = new Map<string, Idle[]>(consumers.map(([name]) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of consumers) {
    const idle = await run(round);
    results.get(name)?.push(idle);
    process.stderr.write(`round ${round + 1}: ${name}: ${idle.cpuPercent.toFixed(2)} % of a core, ${idle.rssMiB.toFixed(0)} MiB\n`);
  }
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
console.log(
  `Kafka consumers on a quiet topic (3 partitions, no messages): CPU over ${WINDOW_SECONDS} s from ${SETTLE_SECONDS} s after the group join, RSS at the end; ` +
    `${ROUNDS} rounds, taking turns; ${os.cpus().length} cores, node ${process.version}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`,
);
console.log('');
console.log('| consumer | CPU, % of a core (median) | rounds | RSS MiB (median) |');
console.log('| --- | ---: | --- | ---: |');
for (const [name, runs] of results) {
  console.log(
    `| ${name} | ${median(runs.map((r) => r.cpuPercent)).toFixed(2)} | ${runs.map((r) => r.cpuPercent.toFixed(2)).join(', ')} | ${median(runs.map((r) => r.rssMiB)).toFixed(0)} |`,
  );
}
