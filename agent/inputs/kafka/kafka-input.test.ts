/**
 * The kafka input's delivery contract against a minimal stand-in for the kafkajs consumer (no broker): a
 * part's offsets are resolved once the pipeline accepted it (so kafkajs fetches on), committed only once it
 * and everything before it were delivered and the persist step of a checkpoint round runs, and a failed part
 * seeks the partition back to its first undelivered offset.
 */
import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryDeadLetters } from '../../../test/helpers/dead-letters.js';
import type { Batch, InputContext } from '../../component.js';
import { kafkaInputConfig } from './config.js';
import { KafkaInput } from './kafka-input.js';

interface FakeConsumer {
  eachBatch: ((payload: EachBatchPayload) => Promise<void>) | undefined;
  commits: unknown[][];
  seeks: { topic: string; partition: number; offset: string }[];
}

/** `subscribeFailures`: how many subscriptions fail before one succeeds, as for a topic that does not exist yet. */
const fake = vi.hoisted(() => ({ consumers: [] as FakeConsumer[], subscribeFailures: 0, subscribeCalls: 0 }));

vi.mock('kafkajs', () => {
  class Consumer {
    readonly events = { GROUP_JOIN: 'consumer.group_join', CRASH: 'consumer.crash' };
    eachBatch: ((payload: EachBatchPayload) => Promise<void>) | undefined;
    commits: unknown[][] = [];
    seeks: { topic: string; partition: number; offset: string }[] = [];
    on(): void {}
    seek(offset: { topic: string; partition: number; offset: string }): void {
      this.seeks.push(offset);
    }
    async connect(): Promise<void> {}
    async subscribe(): Promise<void> {
      fake.subscribeCalls++;
      if (fake.subscribeFailures > 0) {
        fake.subscribeFailures--;
        throw new Error('This server does not host this topic-partition');
      }
    }
    async run(options: { eachBatch: (payload: EachBatchPayload) => Promise<void> }): Promise<void> {
      this.eachBatch = options.eachBatch;
    }
    pause(): void {}
    async stop(): Promise<void> {}
    async disconnect(): Promise<void> {}
    async commitOffsets(offsets: unknown[]): Promise<void> {
      this.commits.push(offsets);
    }
  }
  class Kafka {
    consumer(): Consumer {
      const consumer = new Consumer();
      fake.consumers.push(consumer);
      return consumer;
    }
  }
  return { Kafka, logLevel: { NOTHING: 0, ERROR: 1, WARN: 2, INFO: 4, DEBUG: 5 } };
});

function context(deadLetters = new MemoryDeadLetters()): InputContext {
  return {
    id: 'kafka',
    location: 'inputs[0]',
    logger: pino({ level: 'silent' }),
    stateDir: '/nonexistent-state',
    configDir: '/',
    deadLetters,
    metrics: new Registry(),
    once: false,
    stamp: { hostName: 'h', serviceName: undefined },
  };
}

function messages(offsets: number[], value = 'line'): KafkaMessage[] {
  return offsets.map((offset) => ({ key: null, value: Buffer.from(`${value} ${offset}`), timestamp: '1714557600000', attributes: 0, offset: String(offset), headers: {} }));
}

/**
 * A fetched batch as kafkajs hands it to eachBatch, recording the offsets the input resolves; like kafkajs, it
 * is stale once the consumer was asked to seek its partition.
 */
function payload(topic: string, partition: number, batchMessages: KafkaMessage[], consumer?: FakeConsumer): { payload: EachBatchPayload; resolved: string[] } {
  const seeksBefore = consumer?.seeks.length ?? 0;
  const resolved: string[] = [];
  const batch = {
    topic,
    partition,
    highWatermark: '0',
    messages: batchMessages,
    isEmpty: () => batchMessages.length === 0,
    firstOffset: () => batchMessages[0]?.offset ?? null,
    lastOffset: () => batchMessages.at(-1)?.offset ?? '-1',
    offsetLag: () => '0',
    offsetLagLow: () => '0',
  };
  return {
    resolved,
    payload: {
      batch,
      resolveOffset: (offset: string) => void resolved.push(offset),
      heartbeat: async () => undefined,
      pause: () => () => undefined,
      commitOffsetsIfNecessary: async () => undefined,
      uncommittedOffsets: () => ({ topics: [] }),
      isRunning: () => true,
      isStale: () => (consumer?.seeks.slice(seeksBefore) ?? []).some((seek) => seek.topic === topic && seek.partition === partition),
    },
  };
}

const running: { abort: AbortController; run: Promise<void>; input: KafkaInput }[] = [];
afterEach(async () => {
  for (const { abort, run, input } of running.splice(0)) {
    abort.abort();
    await run;
    await input.close();
  }
  fake.consumers.length = 0;
  fake.subscribeFailures = 0;
  fake.subscribeCalls = 0;
});

/** `window`: how many batches the stand-in pipeline takes before `sink` waits (until one of them settles). */
async function start(config: Record<string, unknown> = {}, deadLetters = new MemoryDeadLetters(), window = Number.POSITIVE_INFINITY) {
  const input = new KafkaInput(kafkaInputConfig.parse({ brokers: ['broker:9092'], topics: ['orders'], group_id: 'g', ...config }), context(deadLetters));
  const batches: Batch[] = [];
  const abort = new AbortController();
  let settled = 0;
  let roomMade: (() => void) | undefined;
  const sink = async (batch: Batch): Promise<void> => {
    while (batches.length - settled >= window) await new Promise<void>((resolve) => (roomMade = resolve));
    const settle = () => {
      settled++;
      roomMade?.();
    };
    batches.push({ events: batch.events, delivered: () => (batch.delivered(), settle()), failed: (reason) => (batch.failed(reason), settle()) });
  };
  const run = input.run(sink, abort.signal);
  running.push({ abort, run, input });
  const consumer = await vi.waitFor(
    () => {
      const found = fake.consumers.at(-1);
      if (!found?.eachBatch) throw new Error('consumer not running yet');
      return found as FakeConsumer & { eachBatch: (payload: EachBatchPayload) => Promise<void> };
    },
    { timeout: 5_000, interval: 5 },
  );
  const persist = () => input.snapshotCheckpoint()();
  return { input, consumer, batches, persist };
}

describe('KafkaInput', () => {
  it('keeps trying to subscribe while the topic does not exist, and reads it once the subscription succeeds', async () => {
    fake.subscribeFailures = 1;
    const { consumer, batches } = await start();
    expect(fake.subscribeCalls).toBe(2);
    await consumer.eachBatch(payload('orders', 0, messages([0])).payload);
    expect(batches.map((b) => b.events.length)).toEqual([1]);
  });

  it('resolves a part once the pipeline accepted it, and commits it only once delivered and the checkpoint is persisted', async () => {
    const { input, consumer, batches, persist } = await start();
    const fetched = payload('orders', 2, messages([5, 6, 7]), consumer);
    // The handler returns without waiting for the delivery: kafkajs fetches the next batch meanwhile.
    await consumer.eachBatch(fetched.payload);
    await vi.waitFor(() => expect(batches).toHaveLength(1), { timeout: 5_000, interval: 5 });
    expect(batches[0]?.events.map((e) => e.message)).toEqual(['line 5', 'line 6', 'line 7']);
    expect(fetched.resolved).toEqual(['7']);

    // In flight: nothing to commit.
    await persist();
    expect(consumer.commits).toEqual([]);

    batches[0]?.delivered();
    // Taking the snapshot commits nothing; its persist step does.
    const snapshot = input.snapshotCheckpoint();
    expect(consumer.commits).toEqual([]);
    await snapshot();
    expect(consumer.commits).toEqual([[{ topic: 'orders', partition: 2, offset: '8' }]]);
    // Committed offsets are not committed again.
    await persist();
    expect(consumer.commits).toHaveLength(1);
  });

  it('seeks a partition back to its first undelivered offset when a part fails, and commits nothing past it', async () => {
    const { consumer, batches, persist } = await start();
    await consumer.eachBatch(payload('orders', 0, messages([1, 2]), consumer).payload);
    await consumer.eachBatch(payload('orders', 0, messages([3, 4]), consumer).payload);
    await consumer.eachBatch(payload('orders', 0, messages([5, 6]), consumer).payload);
    await vi.waitFor(() => expect(batches).toHaveLength(3), { timeout: 5_000, interval: 5 });
    batches[0]?.delivered();
    batches[1]?.failed(new Error('output down'));
    expect(consumer.seeks).toEqual([{ topic: 'orders', partition: 0, offset: '3' }]);
    // A later part delivered after the failure does not move the commit over the failed one.
    batches[2]?.delivered();
    await persist();
    expect(consumer.commits).toEqual([[{ topic: 'orders', partition: 0, offset: '3' }]]);

    // kafkajs fetches from the seek: the failed part and the one after it again.
    await consumer.eachBatch(payload('orders', 0, messages([3, 4, 5, 6]), consumer).payload);
    await vi.waitFor(() => expect(batches).toHaveLength(4), { timeout: 5_000, interval: 5 });
    batches[3]?.delivered();
    await persist();
    expect(consumer.commits.at(-1)).toEqual([{ topic: 'orders', partition: 0, offset: '7' }]);
    expect(consumer.seeks).toHaveLength(1);
  });

  it('hands a large fetched batch on in parts without waiting for their delivery, within the bound on bytes in flight', async () => {
    // Parts of 1,000 messages hold 7,890 to 9,000 bytes of values ("line 0" … "line 3499").
    const { consumer, batches, persist } = await start({ max_in_flight_bytes_per_partition: 20_000 });
    const fetched = payload('orders', 1, messages(Array.from({ length: 3500 }, (_, i) => i)), consumer);
    const handling = consumer.eachBatch(fetched.payload);
    await vi.waitFor(() => expect(batches).toHaveLength(2), { timeout: 5_000, interval: 5 });
    expect(batches[1]?.events.map((e) => e.message)).toEqual(Array.from({ length: 1000 }, (_, i) => `line ${1000 + i}`));
    expect(fetched.resolved).toEqual(['999', '1999']);
    // A third part would exceed the bound: it is built only once a part in flight settled.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(batches).toHaveLength(2);

    batches[1]?.delivered();
    await vi.waitFor(() => expect(batches).toHaveLength(3), { timeout: 5_000, interval: 5 });
    // Delivered out of order: nothing to commit until the first part is delivered too.
    await persist();
    expect(consumer.commits).toEqual([]);
    batches[0]?.delivered();
    await vi.waitFor(() => expect(batches).toHaveLength(4), { timeout: 5_000, interval: 5 });
    await handling;
    expect(fetched.resolved).toEqual(['999', '1999', '2999', '3499']);
    await persist();
    expect(consumer.commits).toEqual([[{ topic: 'orders', partition: 1, offset: '2000' }]]);
  });

  it('hands on nothing of a partition sought back until the batch from the seek offset comes, and seeks again meanwhile', async () => {
    const { consumer, batches, persist } = await start();
    await consumer.eachBatch(payload('orders', 0, messages([1, 2]), consumer).payload);
    await consumer.eachBatch(payload('orders', 0, messages([3, 4]), consumer).payload);
    await vi.waitFor(() => expect(batches).toHaveLength(2), { timeout: 5_000, interval: 5 });
    batches[0]?.failed(new Error('output down'));
    batches[1]?.delivered();
    // Fetched from past the failed part, as if the seek had been lost.
    const late = payload('orders', 0, messages([5, 6]), consumer);
    await consumer.eachBatch(late.payload);
    expect(late.resolved).toEqual([]);
    expect(consumer.seeks).toEqual([
      { topic: 'orders', partition: 0, offset: '1' },
      { topic: 'orders', partition: 0, offset: '1' },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(batches).toHaveLength(2);
    await persist();
    expect(consumer.commits).toEqual([]);
  });

  it('stops handing on a batch whose partition was sought back by a failed part, leaving the rest unresolved', async () => {
    const { consumer, batches, persist } = await start({ max_in_flight_bytes_per_partition: 20_000 });
    const fetched = payload('orders', 1, messages(Array.from({ length: 3500 }, (_, i) => i)), consumer);
    const handling = consumer.eachBatch(fetched.payload);
    await vi.waitFor(() => expect(batches).toHaveLength(2), { timeout: 5_000, interval: 5 });
    batches[0]?.delivered();
    batches[1]?.failed(new Error('output down'));
    await handling;
    expect(batches).toHaveLength(2);
    expect(consumer.seeks).toEqual([{ topic: 'orders', partition: 1, offset: '1000' }]);
    expect(fetched.resolved).toEqual(['999', '1999']);
    await persist();
    expect(consumer.commits).toEqual([[{ topic: 'orders', partition: 1, offset: '1000' }]]);
  });

  it('queues parts while the pipeline is full so kafkajs fetches on, and drops queued parts of a partition sought back', async () => {
    const { consumer, batches, persist } = await start({}, new MemoryDeadLetters(), 1);
    const first = payload('orders', 0, messages(Array.from({ length: 2000 }, (_, i) => i)), consumer);
    // Returns with the second part still waiting for room in the pipeline.
    await consumer.eachBatch(first.payload);
    expect(first.resolved).toEqual(['999', '1999']);
    const second = payload('orders', 0, messages([2000, 2001]), consumer);
    await consumer.eachBatch(second.payload);
    expect(second.resolved).toEqual(['2001']);
    await vi.waitFor(() => expect(batches).toHaveLength(1), { timeout: 5_000, interval: 5 });

    // The first part fails: the partition is read again from 0. The second part was already waiting in the
    // pipeline's sink and enters it, but its delivery no longer counts; the queued third never enters.
    batches[0]?.failed(new Error('output down'));
    expect(consumer.seeks).toEqual([{ topic: 'orders', partition: 0, offset: '0' }]);
    await vi.waitFor(() => expect(batches).toHaveLength(2), { timeout: 5_000, interval: 5 });
    expect(batches[1]?.events[0]?.message).toBe('line 1000');
    batches[1]?.delivered();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(batches).toHaveLength(2);
    await persist();
    expect(consumer.commits).toEqual([]);

    await consumer.eachBatch(payload('orders', 0, messages([0, 1]), consumer).payload);
    await vi.waitFor(() => expect(batches).toHaveLength(3), { timeout: 5_000, interval: 5 });
    expect(batches[2]?.events.map((e) => e.message)).toEqual(['line 0', 'line 1']);
    batches[2]?.delivered();
    await persist();
    expect(consumer.commits).toEqual([[{ topic: 'orders', partition: 0, offset: '2' }]]);
  });

  it('ships an oversized message truncated and dead-letters its whole value before handing the batch on', async () => {
    const deadLetters = new MemoryDeadLetters();
    const { consumer, batches } = await start({ max_message_bytes: '8B' }, deadLetters);
    const handling = consumer.eachBatch(payload('orders', 0, messages([3], 'a long value')).payload);
    await vi.waitFor(() => expect(batches).toHaveLength(1), { timeout: 5_000, interval: 5 });
    expect(batches[0]?.events.map((e) => [e.message, e.log])).toEqual([['a long v', { flags: ['truncated'] }]]);
    expect(deadLetters.events.map((d) => d.event.message)).toEqual(['a long value 3']);
    batches[0]?.delivered();
    await handling;
  });
});
