/**
 * The kafka input against a real broker: several agents in one consumer group, an agent killed mid-run,
 * restart from committed offsets, and a broker restart.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaBrokers, resolveEndpoint } from '../../scripts/services/endpoints.js';
import { startServices, stopServices } from '../../scripts/services/services.js';
import { AgentProcess, readEvents, sleep, tempDir, waitFor, writeConfig } from '../helpers/agent-process.js';

const endpoint = resolveEndpoint('kafka');
const brokers = kafkaBrokers(endpoint.address);
const kafka = new Kafka({ clientId: 'sidecar-ai-tests', brokers, logLevel: logLevel.NOTHING });
const producer = kafka.producer();

beforeAll(async () => {
  await producer.connect();
});
afterAll(async () => {
  await producer.disconnect();
});

async function createTopic(): Promise<string> {
  const topic = `sidecar-it-${randomUUID().slice(0, 8)}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  await admin.disconnect();
  return topic;
}

async function produce(topic: string, from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i += 1000) {
    const messages = [];
    for (let j = i; j < Math.min(from + count, i + 1000); j++) messages.push({ key: `k${j}`, value: `{"id":"m-${j}"}` });
    await producer.send({ topic, messages });
  }
}

async function agentFor(dir: string, topic: string, group: string): Promise<{ start: () => AgentProcess; out: string }> {
  const out = path.join(dir, 'out.ndjson');
  const config = await writeConfig(
    dir,
    `state_dir: ${dir}/state
pipeline: { shutdown_timeout: 20s }
inputs:
  - type: kafka
    brokers: ${JSON.stringify(brokers)}
    topics: [${topic}]
    group_id: ${group}
    session_timeout: 6s
    heartbeat_interval: 1s
outputs:
  - type: file
    path: ${out}
`,
  );
  return { start: () => AgentProcess.start(['run', '-c', config]), out };
}

/** Ids seen across the outputs, with how many times each. */
async function tally(outs: string[]): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  for (const out of outs) {
    for (const event of await readEvents(out)) {
      const id = (JSON.parse(event.message) as { id: string }).id;
      seen.set(id, (seen.get(id) ?? 0) + 1);
    }
  }
  return seen;
}

function summarize(seen: Map<string, number>, total: number) {
  let missing = 0;
  for (let i = 0; i < total; i++) if (!seen.has(`m-${i}`)) missing++;
  let duplicates = 0;
  for (const n of seen.values()) duplicates += n - 1;
  return { missing, duplicates };
}

const allSeen = (outs: string[], total: number) => async () => summarize(await tally(outs), total).missing === 0;

describe('kafka input against a real broker', () => {
  it('waits for a topic that does not exist yet, without creating it, and reads it once it is created', async () => {
    const topic = `sidecar-it-${randomUUID().slice(0, 8)}`;
    const a = await agentFor(await tempDir('kafka-missing-'), topic, `g-${topic}`);
    const agent = a.start();
    await agent.waitForLog('cannot subscribe to the topics; retrying', 30_000);
    const admin = kafka.admin();
    await admin.connect();
    expect(await admin.listTopics()).not.toContain(topic);
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();
    await agent.waitForLog('joined consumer group', 60_000);
    await produce(topic, 0, 100);
    await waitFor(allSeen([a.out], 100), 60_000, 'the 100 ids of the topic created later');
    expect((await agent.stop()).code).toBe(0);
  });

  it('two agents in one group share a 3-partition topic: every id arrives', async () => {
    const topic = await createTopic();
    const group = `g-${randomUUID().slice(0, 8)}`;
    const a = await agentFor(await tempDir('kafka-a'), topic, group);
    const b = await agentFor(await tempDir('kafka-b'), topic, group);
    const agents = [a.start(), b.start()];
    await Promise.all(agents.map((agent) => agent.waitForLog('joined consumer group', 30_000)));
    await produce(topic, 0, 50_000);
    await waitFor(allSeen([a.out, b.out], 50_000), 90_000, 'all 50,000 ids');
    const finished = await Promise.all(agents.map((agent) => agent.stop()));
    const result = summarize(await tally([a.out, b.out]), 50_000);
    console.log(`kafka group test: 50,000 messages, ${result.duplicates} duplicates`);
    expect(result.missing).toBe(0);
    expect(finished.map((f) => f.code)).toEqual([0, 0]);
    expect((await readEvents(a.out)).length).toBeGreaterThan(0);
    expect((await readEvents(b.out)).length).toBeGreaterThan(0);
  });

  it('when one agent is killed with SIGKILL the other takes its partitions and no id is lost', async () => {
    const topic = await createTopic();
    const group = `g-${randomUUID().slice(0, 8)}`;
    const a = await agentFor(await tempDir('kafka-kill-a'), topic, group);
    const b = await agentFor(await tempDir('kafka-kill-b'), topic, group);
    const victim = a.start();
    const survivor = b.start();
    await Promise.all([victim, survivor].map((agent) => agent.waitForLog('joined consumer group', 30_000)));
    await produce(topic, 0, 20_000);
    await waitFor(async () => (await readEvents(a.out)).length > 0, 30_000, 'the victim to deliver something');
    await victim.stop('SIGKILL');
    await produce(topic, 20_000, 20_000);
    await waitFor(allSeen([a.out, b.out], 40_000), 90_000, 'all 40,000 ids after the kill');
    const finished = await survivor.stop();
    const result = summarize(await tally([a.out, b.out]), 40_000);
    console.log(`kafka kill test: 40,000 messages, ${result.duplicates} duplicates`);
    expect(result.missing).toBe(0);
    expect(finished.code).toBe(0);
  }, 180_000);

  it('resumes from the committed offsets after a stop: nothing lost, nothing repeated', async () => {
    const topic = await createTopic();
    const group = `g-${randomUUID().slice(0, 8)}`;
    const a = await agentFor(await tempDir('kafka-restart'), topic, group);
    let agent = a.start();
    await agent.waitForLog('joined consumer group', 30_000);
    await produce(topic, 0, 10_000);
    await waitFor(allSeen([a.out], 10_000), 60_000, 'the first 10,000 ids');
    expect((await agent.stop()).code).toBe(0);
    await produce(topic, 10_000, 10_000);
    agent = a.start();
    await waitFor(allSeen([a.out], 20_000), 60_000, 'all 20,000 ids after restart');
    expect((await agent.stop()).code).toBe(0);
    const result = summarize(await tally([a.out]), 20_000);
    expect(result.missing).toBe(0);
    expect(result.duplicates).toBe(0);
  });

  it('a poison message (over max_message_bytes, binary) goes to the dead letters and the partition moves on', async () => {
    const topic = `sidecar-it-${randomUUID().slice(0, 8)}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const dir = await tempDir('kafka-poison');
    const out = path.join(dir, 'out.ndjson');
    const config = await writeConfig(
      dir,
      `state_dir: ${dir}/state
inputs:
  - type: kafka
    id: bus
    brokers: ${JSON.stringify(brokers)}
    topics: [${topic}]
    group_id: g-${randomUUID().slice(0, 8)}
    max_message_bytes: 1KiB
outputs:
  - type: file
    path: ${out}
`,
    );
    await producer.send({
      topic,
      messages: [{ value: 'before' }, { value: 'x'.repeat(5000) }, { value: Buffer.from([0xff, 0x00, 0xfe, 0x0a, 0x41]) }, { value: 'after' }],
    });
    const agent = AgentProcess.start(['run', '-c', config]);
    await waitFor(async () => (await readEvents(out)).some((e) => e.message === 'after'), 60_000, 'the message after the poison ones');
    expect((await agent.stop()).code).toBe(0);
    const events = await readEvents(out);
    expect(events.map((e) => e.message.length)).toEqual([6, 1024, 5, 5]);
    expect(events[1]?.log?.flags).toEqual(['truncated']);
    expect(events[2]?.message).toBe('\ufffd\u0000\ufffd\nA');
    expect(events[0]).toMatchObject({ kafka: { topic, partition: 0, offset: 0 }, event: { id: `${topic}-0-0` } });
    const dead = readFileSync(path.join(dir, 'state', 'dead-letter', 'bus.ndjson'), 'utf8').trim().split('\n');
    expect(dead).toHaveLength(1);
    expect(dead[0]).toContain('over max_message_bytes');
  });

  it.skipIf(endpoint.external)('recovers when the broker restarts mid-run', async () => {
    const topic = await createTopic();
    const group = `g-${randomUUID().slice(0, 8)}`;
    const a = await agentFor(await tempDir('kafka-broker'), topic, group);
    const agent = a.start();
    await agent.waitForLog('joined consumer group', 30_000);
    await produce(topic, 0, 5_000);
    await waitFor(allSeen([a.out], 5_000), 60_000, 'the first 5,000 ids');
    await producer.disconnect();
    await stopServices(['kafka']);
    await sleep(5000);
    expect(agent.child.exitCode).toBeNull();
    await startServices(['kafka']);
    await producer.connect();
    await produce(topic, 5_000, 5_000);
    await waitFor(allSeen([a.out], 10_000), 120_000, 'all 10,000 ids after the broker restart');
    const finished = await agent.stop();
    expect(finished.code, finished.stderr.slice(-3000)).toBe(0);
    expect(summarize(await tally([a.out]), 10_000).missing).toBe(0);
  }, 240_000);
});
