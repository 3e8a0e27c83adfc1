/**
 * Kafka offsets go through the same flush-then-persist step as file positions: an offset is committed only
 * after the output made what it covers durable. The output here takes 1.5 s to make a write durable (a slow
 * fsync), and the group's committed offsets are sampled all along: they never cover more messages than the
 * output had made durable. And a part that an output fails (while the agent keeps running) is read again from
 * the partition's first undelivered offset: every message arrives and the commit reaches the end. When the
 * broker deleted the messages to be read again before the re-read (retention, done here with DeleteRecords),
 * the input reads on from the oldest message left, says which offsets were lost, and does not stall.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { pino, type Logger } from 'pino';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../agent/builtins.js';
import { defineOutput, type Output } from '../../agent/component.js';
import type { LogEvent } from '../../agent/event.js';
import { SidecarError } from '../../agent/errors.js';
import { runAgent } from '../../agent/runtime/agent.js';
import { parseConfigText } from '../../config/loader.js';
import { kafkaBrokers, resolveEndpoint } from '../../scripts/services/endpoints.js';
import { sleep } from '../helpers/agent-process.js';

const brokers = kafkaBrokers(resolveEndpoint('kafka').address);
const kafka = new Kafka({ clientId: 'sidecar-ai-tests', brokers, logLevel: logLevel.NOTHING });
const MESSAGES = 3000;

/** Acknowledges writes at once (in the page cache) and makes them durable only in a slow flush. */
class SlowFsyncOutput implements Output {
  acknowledged = 0;
  durable = 0;
  async write(events: readonly unknown[]): Promise<void> {
    this.acknowledged += events.length;
  }
  async flush(): Promise<void> {
    const covered = this.acknowledged;
    await sleep(1500);
    this.durable = covered;
  }
  async close(): Promise<void> {}
}

/** Records every message written; the third write fails once as if the output had been closed under it. */
class FailsOnceOutput implements Output {
  readonly written = new Set<string>();
  writes = 0;
  failedMessages: string[] = [];
  async write(events: readonly LogEvent[]): Promise<void> {
    if (++this.writes === 3) {
      this.failedMessages = events.map((e) => String(e.message));
      throw new SidecarError('OUTPUT_CLOSED', 'closed under the write');
    }
    for (const event of events) this.written.add(String(event.message));
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}

/** Like FailsOnceOutput, but before failing its third write it has the broker delete every record before `cut`. */
class FailsAfterRetentionOutput implements Output {
  readonly written = new Set<string>();
  writes = 0;
  failedFirst: string | undefined;
  constructor(
    private readonly topic: string,
    private readonly cut: number,
  ) {}
  async write(events: readonly LogEvent[]): Promise<void> {
    if (++this.writes === 3) {
      this.failedFirst = String(events[0]?.message);
      const admin = kafka.admin();
      await admin.connect();
      // kafkajs looks the partition's leader up in metadata it must have loaded first.
      await admin.fetchTopicMetadata({ topics: [this.topic] });
      await admin.deleteTopicRecords({ topic: this.topic, partitions: [{ partition: 0, offset: String(this.cut) }] });
      await admin.disconnect();
      throw new SidecarError('OUTPUT_CLOSED', 'closed under the write');
    }
    for (const event of events) this.written.add(String(event.message));
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}

async function createTopicWith(prefix: string, messages: number): Promise<string> {
  const topic = `${prefix}-${randomUUID().slice(0, 8)}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  for (let i = 0; i < messages; i += 500) await producer.send({ topic, messages: Array.from({ length: 500 }, (_, j) => ({ value: `m-${i + j}` })) });
  await producer.disconnect();
  return topic;
}

/** Starts an agent reading `topic` (one partition, small fetches) into the test output registered as `type`. */
async function startAgent(topic: string, group: string, type: string, output: Output, logger: Logger = pino({ level: 'warn' })): Promise<{ stop: AbortController; run: ReturnType<typeof runAgent> }> {
  const registry = builtinRegistry().register(defineOutput({ type, summary: 'test output', config: z.strictObject({}), create: () => output }));
  const dir = await mkdtemp(path.join(os.tmpdir(), `sidecar-kafka-${type}-`));
  const yaml = `
state_dir: ${dir}/state
pipeline: { checkpoint_interval: 200ms, shutdown_timeout: 20s }
inputs:
  - type: kafka
    brokers: ${JSON.stringify(brokers)}
    topics: [${topic}]
    group_id: ${group}
    start_at: earliest
    max_bytes_per_partition: 8192
    session_timeout: 6s
    heartbeat_interval: 1s
outputs:
  - { type: ${type} }
`;
  const config = parseConfigText(yaml, path.join(dir, 'sidecar.yaml'), registry, {});
  const stop = new AbortController();
  const run = runAgent({ file: path.join(dir, 'sidecar.yaml'), dir, config, warnings: [] }, registry, { once: false, logger, stop: stop.signal });
  return { stop, run };
}

/** The group's committed offset of partition 0, polled until it reaches `target` or a minute went by. */
async function committedOffsetReaching(group: string, topic: string, target: number): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  let committed = 0;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && committed < target) {
    const fetched = await admin.fetchOffsets({ groupId: group, topics: [topic] }).catch(() => undefined);
    committed = Math.max(0, Number(fetched?.[0]?.partitions[0]?.offset ?? -1));
    await sleep(100);
  }
  await admin.disconnect();
  return committed;
}

describe('kafka input: commit order', () => {
  it('commits an offset only after the output made the messages before it durable', async () => {
    const topic = await createTopicWith('sidecar-order', MESSAGES);
    const group = `g-${topic}`;
    const admin = kafka.admin();
    await admin.connect();

    const output = new SlowFsyncOutput();
    const { stop, run } = await startAgent(topic, group, 'slow_fsync', output);

    const samples: { committed: number; durable: number; acknowledged: number }[] = [];
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      // The committed offset first, then the durable count: a commit seen here was made after its flush
      // ended, so what is durable by the time it is read covers it (reading in the other order races).
      // The group's coordinator may not be known yet right after the agent joins: sample again.
      const fetched = await admin.fetchOffsets({ groupId: group, topics: [topic] }).catch(() => undefined);
      const offsets = fetched?.[0];
      const committed = Math.max(0, Number(offsets?.partitions[0]?.offset ?? -1));
      const durable = output.durable;
      const acknowledged = output.acknowledged;
      samples.push({ committed, durable, acknowledged });
      if (committed >= MESSAGES) break;
      await sleep(50);
    }
    stop.abort();
    const result = await run;
    await admin.disconnect();

    expect(result.drained).toBe(true);
    expect(samples.at(-1)?.committed).toBe(MESSAGES);
    // Small fetches and a slow flush: deliveries run ahead of durability for a while, so the test can fail.
    expect(samples.some((s) => s.acknowledged > s.durable)).toBe(true);
    const ahead = samples.filter((s) => s.committed > s.durable);
    expect(ahead, JSON.stringify(ahead.slice(0, 3))).toEqual([]);
  });

  it('reads a part an output failed again from its first undelivered offset, without a restart: nothing is lost', async () => {
    const topic = await createTopicWith('sidecar-reread', MESSAGES);
    const group = `g-${topic}`;
    const output = new FailsOnceOutput();
    const { stop, run } = await startAgent(topic, group, 'fails_once', output);
    const committed = await committedOffsetReaching(group, topic, MESSAGES);
    stop.abort();
    await run;

    expect(output.failedMessages.length).toBeGreaterThan(0);
    expect(committed).toBe(MESSAGES);
    const missing = Array.from({ length: MESSAGES }, (_, i) => `m-${i}`).filter((m) => !output.written.has(m));
    expect(missing).toEqual([]);
  });

  it('reads on from the oldest message left when retention deleted the part to be read again: the lost offsets are logged, nothing after them is lost', async () => {
    const topic = await createTopicWith('sidecar-retention', MESSAGES);
    const group = `g-${topic}`;
    // Past the parts in flight at the third write (8 KiB fetches of ~10-byte messages, parts of up to 1,000).
    const cut = 2500;
    const output = new FailsAfterRetentionOutput(topic, cut);
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const { stop, run } = await startAgent(topic, group, 'fails_after_retention', output, logger);
    const committed = await committedOffsetReaching(group, topic, MESSAGES);
    stop.abort();
    await run;

    expect(output.failedFirst).toBeDefined();
    const failedFirst = Number(output.failedFirst?.slice(2));
    expect(failedFirst).toBeLessThan(cut);
    expect(committed).toBe(MESSAGES);
    // Everything the broker still held after the cut arrived; before the failed part, everything had arrived.
    const missing = Array.from({ length: MESSAGES }, (_, i) => i).filter((i) => !output.written.has(`m-${i}`));
    expect(missing.filter((i) => i < failedFirst || i >= cut)).toEqual([]);
    const warning = lines.map((line) => JSON.parse(line) as { msg: string; from?: string; to?: string; offsets_lost?: string }).find((entry) => entry.msg.startsWith('messages were deleted from the partition'));
    expect(warning).toMatchObject({ from: String(failedFirst), to: String(cut), offsets_lost: String(cut - failedFirst) });
  });
});
