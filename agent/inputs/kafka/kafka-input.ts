/**
 * The `kafka` input: a kafkajs consumer in a consumer group. Each fetched batch of a partition becomes one
 * pipeline batch; the handler waits until every output acknowledged it and records the partition's next
 * offset. Offsets are committed in the agent's checkpoint rounds, after the outputs were flushed (fsynced),
 * exactly like file positions: a committed offset never runs ahead of durable output. A partition has one
 * batch in flight (it is not fetched again meanwhile: that is the backpressure). A failed batch is not
 * resolved, so kafkajs fetches it again. On a rebalance, offsets delivered but not yet committed for
 * partitions that moved away are read again by their new owner (duplicates within one checkpoint interval).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel, type Consumer, type EachBatchPayload, type KafkaMessage, type SASLOptions } from 'kafkajs';
import type { BatchSink, Input, InputContext } from '../../kit.js';
import { errorMessage } from '../../kit.js';
import type { LogEvent } from '../../kit.js';
import { failureLevel, pause, RetryPolicy } from '../../kit.js';
import { whenAborted } from '../../kit.js';
import type { KafkaInputConfig } from './config.js';

export class KafkaInput implements Input {
  private readonly kafka: Kafka;
  private consumer: Consumer | undefined;
  /** Next offset per partition (`topic/partition`) delivered but not committed yet. */
  private readonly uncommitted = new Map<string, { topic: string; partition: number; offset: string }>();
  /** Topics batches came from, to pause them all when stopping. */
  private readonly topicsSeen = new Set<string>();
  private handlersRunning = 0;
  private handlersIdle: (() => void) | undefined;
  private stopping = false;
  /** Resolved by close(): handlers waiting for a delivery that will not come give up. */
  private abandon!: () => void;
  private readonly abandoned = new Promise<void>((resolve) => (this.abandon = resolve));

  constructor(
    private readonly config: KafkaInputConfig,
    private readonly ctx: InputContext,
  ) {
    const logger = ctx.logger;
    this.kafka = new Kafka({
      clientId: config.client_id,
      brokers: config.brokers,
      ...(config.sasl ? { sasl: { mechanism: config.sasl.mechanism, username: config.sasl.username, password: config.sasl.password } as SASLOptions } : {}),
      ...(config.tls
        ? { ssl: { rejectUnauthorized: config.tls.verify, ...(config.tls.ca_file ? { ca: [readFileSync(path.resolve(ctx.configDir, config.tls.ca_file), 'utf8')] } : {}) } }
        : {}),
      retry: { initialRetryTime: 300, maxRetryTime: 30_000, retries: 8 },
      logLevel: logLevel.WARN,
      logCreator:
        () =>
        ({ level, log }) => {
          const { message, ...extra } = log;
          const fields = { kafka: extra };
          if (level === logLevel.ERROR) logger.error(fields, `kafka: ${message}`);
          else if (level === logLevel.WARN) logger.warn(fields, `kafka: ${message}`);
        },
    });
  }

  async run(sink: BatchSink, signal: AbortSignal): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.config.group_id,
      sessionTimeout: this.config.session_timeout,
      heartbeatInterval: this.config.heartbeat_interval,
      maxBytesPerPartition: this.config.max_bytes_per_partition,
      // Short fetch long-polls: a stop (shutdown, rebalance) does not wait out a 5 s default.
      maxWaitTimeInMs: 500,
      // Restart after failures that outlast the retries (a broker down for minutes): never give up.
      retry: { retries: 8, restartOnFailure: async () => true },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.ctx.logger.info({ group: payload.groupId, assignment: payload.memberAssignment }, 'joined consumer group');
      // Offsets of partitions that moved to another member can no longer be committed by this one.
      for (const [key, entry] of this.uncommitted) {
        if (!(payload.memberAssignment[entry.topic] ?? []).includes(entry.partition)) this.uncommitted.delete(key);
      }
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.ctx.logger.warn({ err: errorMessage(payload.error), restart: payload.restart }, 'kafka consumer failed; restarting');
    });
    if (!(await this.connect(consumer, signal))) return;
    const topics: (string | RegExp)[] = [...this.config.topics];
    if (this.config.topic_pattern !== undefined) topics.push(new RegExp(this.config.topic_pattern));
    await consumer.subscribe({ topics, fromBeginning: this.config.start_at === 'earliest' });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.config.partitions_consumed_concurrently,
      eachBatch: (payload) => this.handleBatch(payload, sink),
    });
    if (this.ctx.once) await this.consumeToEnd(signal);
    else await whenAborted(signal);
    // Stop fetching and let running handlers settle; the consumer stays in the group until close(), so the
    // final checkpoint round can still commit what they delivered.
    this.stopping = true;
    consumer.pause([...this.topicsSeen].map((topic) => ({ topic })));
    await this.handlersSettled();
  }

  snapshotCheckpoint(): () => Promise<void> {
    const offsets = [...this.uncommitted.values()];
    return async () => {
      if (offsets.length === 0 || this.consumer === undefined) return;
      await this.consumer.commitOffsets(offsets);
      for (const entry of offsets) {
        const key = `${entry.topic}/${entry.partition}`;
        if (this.uncommitted.get(key) === entry) this.uncommitted.delete(key);
      }
    };
  }

  async close(): Promise<void> {
    this.abandon();
    await this.consumer?.stop().catch(() => undefined);
    await this.consumer?.disconnect().catch(() => undefined);
  }

  private async connect(consumer: Consumer, signal: AbortSignal): Promise<boolean> {
    const policy = new RetryPolicy({ initial: 500, max: 30_000 });
    for (let attempt = 1; !signal.aborted; attempt++) {
      try {
        await consumer.connect();
        return true;
      } catch (error) {
        const wait = policy.delay(attempt);
        this.ctx.logger[failureLevel(attempt)]({ err: errorMessage(error), brokers: this.config.brokers, attempt, retry_in_ms: Math.round(wait) }, 'cannot reach Kafka; retrying');
        await pause(wait, signal);
      }
    }
    return false;
  }

  private handlersSettled(): Promise<void> {
    if (this.handlersRunning === 0) return Promise.resolve();
    return new Promise((resolve) => (this.handlersIdle = resolve));
  }

  private async handleBatch(payload: EachBatchPayload, sink: BatchSink): Promise<void> {
    if (this.stopping) return;
    this.handlersRunning++;
    try {
      await this.deliverBatch(payload, sink);
    } finally {
      if (--this.handlersRunning === 0) this.handlersIdle?.();
    }
  }

  private async deliverBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload, sink: BatchSink): Promise<void> {
    if (batch.isEmpty() || !isRunning() || isStale()) return;
    const { topic, partition } = batch;
    this.topicsSeen.add(topic);
    const ingested = new Date().toISOString();
    const events: LogEvent[] = [];
    const oversized: KafkaMessage[] = [];
    for (const message of batch.messages) events.push(this.toEvent(topic, partition, message, ingested, oversized));
    if (oversized.length > 0) await this.deadLetterOversized(topic, partition, oversized, ingested);
    let settle!: (outcome: 'delivered' | 'failed') => void;
    const settled = new Promise<'delivered' | 'failed'>((resolve) => (settle = resolve));
    await this.whileHeartbeating(sink({ events, delivered: () => settle('delivered'), failed: () => settle('failed') }), heartbeat);
    const outcome = await this.whileHeartbeating(Promise.race([settled, this.abandoned.then(() => 'failed' as const)]), heartbeat);
    // Not resolved: kafkajs fetches the batch again (or, when stopping, the next owner reads it from the commit).
    if (outcome === 'failed') return;
    const last = batch.lastOffset();
    this.uncommitted.set(`${topic}/${partition}`, { topic, partition, offset: (BigInt(last) + 1n).toString() });
    resolveOffset(last);
    await heartbeat();
  }

  /** Keeps the group membership alive while waiting for the pipeline. */
  private async whileHeartbeating<T>(promise: Promise<T>, heartbeat: () => Promise<void>): Promise<T> {
    const timer = setInterval(() => void heartbeat().catch(() => undefined), this.config.heartbeat_interval);
    try {
      return await promise;
    } finally {
      clearInterval(timer);
    }
  }

  private toEvent(topic: string, partition: number, message: KafkaMessage, ingested: string, oversized: KafkaMessage[]): LogEvent {
    const value = message.value ?? Buffer.alloc(0);
    const max = this.config.max_message_bytes;
    const truncated = value.length > max;
    if (truncated) oversized.push(message);
    const event: LogEvent = {
      '@timestamp': this.isoTime(message.timestamp, ingested),
      message: value.toString('utf8', 0, Math.min(value.length, max)),
      kafka: { topic, partition, offset: Number(message.offset), ...(message.key ? { key: message.key.toString('utf8') } : {}) },
      // Unique per message: as the elasticsearch output's id_field it makes re-delivered messages idempotent.
      event: { ingested, id: `${topic}-${partition}-${message.offset}` },
      host: { name: this.ctx.stamp.hostName },
    };
    if (truncated) event.log = { flags: ['truncated'] };
    if (this.ctx.stamp.serviceName !== undefined) event.service = { name: this.ctx.stamp.serviceName };
    if (message.headers) {
      const labels: Record<string, string> = {};
      for (const [key, header] of Object.entries(message.headers)) {
        if (header !== undefined) labels[key] = Array.isArray(header) ? header.map(String).join(',') : header.toString();
      }
      event.labels = labels;
    }
    return event;
  }

  /** Messages of a batch mostly share their millisecond: convert each distinct timestamp once. */
  private lastTimestamp = '';
  private lastIso = '';
  private isoTime(timestamp: string, fallback: string): string {
    if (timestamp === this.lastTimestamp) return this.lastIso;
    const ms = Number(timestamp);
    this.lastTimestamp = timestamp;
    this.lastIso = Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : fallback;
    return this.lastIso;
  }

  /** The whole value of an oversized message goes to the dead-letter file; a truncated event is shipped. */
  private async deadLetterOversized(topic: string, partition: number, messages: KafkaMessage[], at: string): Promise<void> {
    const max = this.config.max_message_bytes;
    for (const message of messages) {
      const value = message.value ?? Buffer.alloc(0);
      await this.ctx.deadLetters.write([{ '@timestamp': at, message: value.toString('utf8') }], `${topic}/${partition}@${message.offset}: value of ${value.length} bytes is over max_message_bytes (${max}); shipped truncated`);
    }
  }

  /** --once: consume until every assigned partition's committed offset reached its end as of the start. */
  private async consumeToEnd(signal: AbortSignal): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const topics = await this.resolveTopics(admin);
      const ends = new Map<string, bigint>();
      for (const topic of topics) {
        for (const p of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}/${p.partition}`, BigInt(p.high));
      }
      while (!signal.aborted) {
        let behind = false;
        for (const topic of topics) {
          const [group] = await admin.fetchOffsets({ groupId: this.config.group_id, topics: [topic] });
          for (const p of group?.partitions ?? []) {
            const end = ends.get(`${topic}/${p.partition}`) ?? 0n;
            const committed = BigInt(p.offset === '-1' ? '0' : p.offset);
            if (end > 0n && committed < end) behind = true;
          }
        }
        if (!behind) return;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      await admin.disconnect();
    }
  }

  private async resolveTopics(admin: ReturnType<Kafka['admin']>): Promise<string[]> {
    if (this.config.topic_pattern === undefined) return this.config.topics;
    const pattern = new RegExp(this.config.topic_pattern);
    const all = await admin.listTopics();
    return [...new Set([...this.config.topics, ...all.filter((t) => pattern.test(t))])];
  }
}
