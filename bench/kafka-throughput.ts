/**
 * Kafka → file throughput next to a plain kafkajs consumer reading the same topic, in one invocation.
 * A fresh 3-partition topic gets N JSON messages; then (1) a bare kafkajs consumer (eachBatch, nothing done
 * with the messages, offsets auto-committed) reads them all, (2) sidecar-ai `run --once` reads them with a
 * kafka input into a file output (events built, NDJSON written, offsets committed after delivery). Usage:
 *   npm run bench:kafka [-- --messages 300000]
 * Starts the local Kafka (scripts/services) unless KAFKA_BROKERS is set.
 */
import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaBrokers, resolveEndpoint } from '../scripts/services/endpoints.js';
import { startServices } from '../scripts/services/services.js';

const { values: options } = parseArgs({ options: { messages: { type: 'string', default: '300000' } } });
const MESSAGES = Number(options.messages);
const root = path.resolve(import.meta.dirname, '../..');
const work = path.join(root, '.cache', 'bench', 'kafka-throughput');
const cli = path.join(root, 'dist', 'agent', 'cli.js');

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

// 1. A bare kafkajs consumer.
const plainStart = performance.now();
const consumer = kafka.consumer({ groupId: `plain-${topic}`, maxWaitTimeInMs: 500 });
await consumer.connect();
await consumer.subscribe({ topics: [topic], fromBeginning: true });
let seen = 0;
await new Promise<void>((resolve) => {
  void consumer.run({
    eachBatch: async ({ batch }) => {
      seen += batch.messages.length;
      if (seen >= MESSAGES) resolve();
    },
  });
});
const plainSeconds = (performance.now() - plainStart) / 1000;
await consumer.disconnect();

// 2. sidecar-ai, kafka → file.
const dir = path.join(work, 'agent');
await rm(dir, { recursive: true, force: true });
await mkdir(dir, { recursive: true });
const output = path.join(dir, 'out.ndjson');
await writeFile(
  path.join(dir, 'c.yaml'),
  `state_dir: ${dir}/state\nlog: { level: warn }\ninputs:\n  - type: kafka\n    brokers: ${JSON.stringify(brokers)}\n    topics: [${topic}]\n    group_id: agent-${topic}\noutputs:\n  - type: file\n    path: ${output}\n`,
);
const agentStart = performance.now();
const child = spawn(process.execPath, [cli, 'run', '--once', '-c', path.join(dir, 'c.yaml')], { stdio: ['ignore', 'ignore', 'inherit'] });
const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
const agentSeconds = (performance.now() - agentStart) / 1000;
if (code !== 0) throw new Error(`sidecar-ai exited with ${code}`);
const { readFile } = await import('node:fs/promises');
const delivered = (await readFile(output, 'utf8')).split('\n').filter((l) => l !== '').length;
await admin.deleteTopics({ topics: [topic] });
await admin.disconnect();
if (delivered !== MESSAGES) throw new Error(`sidecar-ai delivered ${delivered} of ${MESSAGES}`);

const mib = bytes / 1024 / 1024;
const row = (name: string, seconds: number) => `| ${name} | ${seconds.toFixed(2)} | ${Math.round(MESSAGES / seconds).toLocaleString('en')} | ${(mib / seconds).toFixed(1)} |`;
process.stdout.write(
  `Kafka → file, ${MESSAGES.toLocaleString('en')} messages (${mib.toFixed(1)} MiB of values), 3 partitions, ${os.cpus().length} cores, node ${process.version}\n\n` +
    `| consumer | seconds | messages/s | MiB/s |\n| --- | --- | --- | --- |\n${row('plain kafkajs consumer (no work per message)', plainSeconds)}\n${row('sidecar-ai run --once, kafka → file (includes start-up)', agentSeconds)}\n\n` +
    `sidecar-ai / plain consumer: ${((plainSeconds / agentSeconds) * 100).toFixed(0)} %\n`,
);
