/**
 * The kafka input's delivery contract against a minimal stand-in for the kafkajs consumer (no broker): an
 * offset is recorded only once its batch was delivered, and committed only when the persist step of a
 * checkpoint round runs.
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
}

const fake = vi.hoisted(() => ({ consumers: [] as FakeConsumer[] }));

vi.mock('kafkajs', () => {
  class Consumer {
    readonly events = { GROUP_JOIN: 'consumer.group_join', CRASH: 'consumer.crash' };
    eachBatch: ((payload: EachBatchPayload) => Promise<void>) | undefined;
    commits: unknown[][] = [];
    on(): void {}
    async connect(): Promise<void> {}
    async subscribe(): Promise<void> {}
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

/** A fetched batch as kafkajs hands it to eachBatch, recording the offsets the input resolves. */
function payload(topic: string, partition: number, batchMessages: KafkaMessage[]): { payload: EachBatchPayload; resolved: string[] } {
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
      isStale: () => false,
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
});

async function start(config: Record<string, unknown> = {}, deadLetters = new MemoryDeadLetters()) {
  const input = new KafkaInput(kafkaInputConfig.parse({ brokers: ['broker:9092'], topics: ['orders'], group_id: 'g', ...config }), context(deadLetters));
  const batches: Batch[] = [];
  const abort = new AbortController();
  const run = input.run(async (batch) => void batches.push(batch), abort.signal);
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
  it('records an offset only after its batch was delivered, and commits it only when the checkpoint is persisted', async () => {
    const { input, consumer, batches, persist } = await start();
    const fetched = payload('orders', 2, messages([5, 6, 7]));
    const handling = consumer.eachBatch(fetched.payload);
    await vi.waitFor(() => expect(batches).toHaveLength(1), { timeout: 5_000, interval: 5 });
    expect(batches[0]?.events.map((e) => e.message)).toEqual(['line 5', 'line 6', 'line 7']);

    // In flight: nothing to commit, nothing resolved.
    await persist();
    expect(consumer.commits).toEqual([]);
    expect(fetched.resolved).toEqual([]);

    batches[0]?.delivered();
    await handling;
    expect(fetched.resolved).toEqual(['7']);
    // Taking the snapshot commits nothing; its persist step does.
    const snapshot = input.snapshotCheckpoint();
    expect(consumer.commits).toEqual([]);
    await snapshot();
    expect(consumer.commits).toEqual([[{ topic: 'orders', partition: 2, offset: '8' }]]);
    // Committed offsets are not committed again.
    await persist();
    expect(consumer.commits).toHaveLength(1);
  });

  it('neither records nor resolves the offset of a failed batch, so it is fetched again', async () => {
    const { consumer, batches, persist } = await start();
    const fetched = payload('orders', 0, messages([1, 2]));
    const handling = consumer.eachBatch(fetched.payload);
    await vi.waitFor(() => expect(batches).toHaveLength(1), { timeout: 5_000, interval: 5 });
    batches[0]?.failed(new Error('output down'));
    await handling;
    expect(fetched.resolved).toEqual([]);
    await persist();
    expect(consumer.commits).toEqual([]);

    const again = payload('orders', 0, messages([1, 2]));
    const retried = consumer.eachBatch(again.payload);
    await vi.waitFor(() => expect(batches).toHaveLength(2), { timeout: 5_000, interval: 5 });
    batches[1]?.delivered();
    await retried;
    await persist();
    expect(consumer.commits).toEqual([[{ topic: 'orders', partition: 0, offset: '3' }]]);
  });

  it('hands a large fetched batch on in parts, each after the previous was delivered, and commits only delivered parts', async () => {
    const { consumer, batches, persist } = await start();
    const fetched = payload('orders', 1, messages(Array.from({ length: 2500 }, (_, i) => i)));
    const handling = consumer.eachBatch(fetched.payload);
    await vi.waitFor(() => expect(batches).toHaveLength(1), { timeout: 5_000, interval: 5 });
    expect(batches[0]?.events.map((e) => e.message).at(-1)).toBe('line 999');
    // The next part is built only once this one was delivered.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(batches).toHaveLength(1);

    batches[0]?.delivered();
    await vi.waitFor(() => expect(batches).toHaveLength(2), { timeout: 5_000, interval: 5 });
    expect(fetched.resolved).toEqual(['999']);
    expect(batches[1]?.events.map((e) => e.message)).toEqual(Array.from({ length: 1000 }, (_, i) => `line ${1000 + i}`));

    // A failed part stops the batch: neither it nor what follows is resolved or committed.
    batches[1]?.failed(new Error('output down'));
    await handling;
    expect(batches).toHaveLength(2);
    expect(fetched.resolved).toEqual(['999']);
    await persist();
    expect(consumer.commits).toEqual([[{ topic: 'orders', partition: 1, offset: '1000' }]]);
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
