/**
 * What an agent costs while nothing happens, which a sidecar in every pod pays all day: sidecar-ai `run` with a
 * file input whose glob matches nothing yet, and with a kafka input on a quiet topic, next to a plain kafkajs
 * consumer (bench/kafka-plain-consumer.ts), each in its own process, taking turns. Each Kafka consumer joins a
 * fresh group on an empty 3-partition topic. From a few seconds after it is ready (the group join; the file
 * agent's start), its CPU seconds (user + sys, /proc) are read over a window, and its RSS at the end. Usage:
 *   npm run bench:idle [-- --seconds 30] [--rounds 3] [--baseline-cli path/to/dist/bin/sidecar-ai.js]
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
/** After the join or start, before the window: the first fetches, the group's settling and start-up compiling are not idle time. */
const SETTLE_SECONDS = 15;
const root = path.resolve(import.meta.dirname, '../..');
const work = path.join(root, '.cache', 'bench', 'idle-cost');
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

async function agent(name: string, cli: string, input: 'kafka' | 'file', round: number): Promise<Idle> {
  const dir = path.join(work, `${name}-${input}-${round}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.join(dir, 'logs'), { recursive: true });
  const config = path.join(dir, 'c.yaml');
  const inputYaml =
    input === 'kafka'
      ? `  - type: kafka\n    brokers: ${JSON.stringify(brokers)}\n    topics: [${topic}]\n    group_id: ${name}-${topic}-${round}\n`
      : `  - type: file\n    include: [${JSON.stringify(path.join(dir, 'logs', '*.log'))}]\n`;
  await writeFile(config, `state_dir: ${dir}/state\nlog: { level: info }\ninputs:\n${inputYaml}outputs:\n  - type: file\n    path: ${dir}/out.ndjson\n`);
  const ready = input === 'kafka' ? 'joined consumer group' : 'agent started';
  return idleOf([cli, 'run', '-c', config], 'stderr', (line) => line.includes(ready));
}

const plain = (round: number): Promise<Idle> =>
  idleOf([plainScript, '--brokers', brokers.join(','), '--topic', topic, '--group', `plain-${topic}-${round}`, '--messages', '1'], 'stdout', (line) => line.includes('"joined"'));

const consumers: Array<[string, (round: number) => Promise<Idle>]> = [['plain kafkajs consumer (no work per message)', plain]];
const baseline = options['baseline-cli'];
for (const input of ['kafka', 'file'] as const) {
  const what = input === 'kafka' ? 'kafka input, quiet topic' : 'file input, no file yet';
  consumers.push([`sidecar-ai, ${what}`, (round) => agent('agent', agentExecutable(root), input, round)]);
  if (baseline !== undefined) consumers.push([`sidecar-ai ${baseline}, ${what}`, (round) => agent('baseline', path.resolve(baseline), input, round)]);
}

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
  `Idle: Kafka consumers on a quiet topic (3 partitions, no messages) and an agent whose file glob matches nothing; CPU over ${WINDOW_SECONDS} s from ${SETTLE_SECONDS} s after the group join or start, RSS at the end; ` +
    `${ROUNDS} rounds, taking turns; ${os.cpus().length} cores, node ${process.version}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`,
);
console.log('');
console.log('| process | CPU, % of a core (median) | rounds | RSS MiB (median) |');
console.log('| --- | ---: | --- | ---: |');
for (const [name, runs] of results) {
  console.log(
    `| ${name} | ${median(runs.map((r) => r.cpuPercent)).toFixed(2)} | ${runs.map((r) => r.cpuPercent.toFixed(2)).join(', ')} | ${median(runs.map((r) => r.rssMiB)).toFixed(0)} |`,
  );
}
