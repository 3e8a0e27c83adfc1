/**
 * The `kafka` input: a kafkajs consumer in a consumer group. Each fetched batch of a partition becomes one
 * pipeline batch; the handler waits until every output acknowledged it, then commits the partition's offset
 * past it. So a committed offset never runs ahead of delivery, a partition has one batch in flight (it is
 * not fetched again meanwhile: that is the backpressure), and on a rebalance kafkajs lets the running
 * handlers finish, so delivered events are committed before their partitions move to another agent.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel, type Consumer, type EachBatchPayload, type KafkaMessage, type SASLOptions } from 'kafkajs';
import type { BatchSink, Input, InputContext } from '../../component.js';
import { errorMessage } from '../../errors.js';
import type { LogEvent } from '../../event.js';
import { DeadLetterFile } from '../../runtime/dead-letter.js';
import type { KafkaInputConfig } from './config.js';

export interface PartitionLag {
  topic: string;
  partition: number;
  lag: number;
}

export class KafkaInput implements Input {
  private readonly kafka: Kafka;
  private consumer: Consumer | undefined;
  private readonly deadLetter: DeadLetterFile;
  /** Consumer lag per partition, from the last fetched batch (for metrics). */
  readonly lag = new Map<string, PartitionLag>();
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
    this.deadLetter = new DeadLetterFile(ctx.stateDir, ctx.id);
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
    else await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
    // Stop fetching; kafkajs waits for running handlers, which commit what was delivered.
    await consumer.stop();
  }

  snapshotCheckpoint(): () => Promise<void> {
    // Offsets are committed per batch, right after delivery (see handleBatch).
    return async () => {};
  }

  async close(): Promise<void> {
    this.abandon();
    await this.consumer?.disconnect().catch(() => undefined);
  }

  private async connect(consumer: Consumer, signal: AbortSignal): Promise<boolean> {
    for (let attempt = 1; !signal.aborted; attempt++) {
      try {
        await consumer.connect();
        return true;
      } catch (error) {
        const delay = Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));
        this.ctx.logger.warn({ err: errorMessage(error), brokers: this.config.brokers, retry_in_ms: delay }, 'cannot reach Kafka; retrying');
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
    return false;
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload, sink: BatchSink): Promise<void> {
    if (batch.isEmpty() || !isRunning() || isStale()) return;
    const { topic, partition } = batch;
    this.lag.set(`${topic}/${partition}`, { topic, partition, lag: Number(batch.offsetLag()) });
    const ingested = new Date().toISOString();
    const events: LogEvent[] = [];
    const oversized: KafkaMessage[] = [];
    for (const message of batch.messages) events.push(this.toEvent(topic, partition, message, ingested, oversized));
    if (oversized.length > 0) await this.deadLetterOversized(topic, partition, oversized, ingested);
    let delivered!: () => void;
    const done = new Promise<void>((resolve) => (delivered = resolve));
    await this.whileHeartbeating(sink({ events, delivered }), heartbeat);
    const outcome = await this.whileHeartbeating(Promise.race([done.then(() => 'delivered' as const), this.abandoned.then(() => 'abandoned' as const)]), heartbeat);
    if (outcome === 'abandoned') return;
    const last = batch.lastOffset();
    await this.consumer?.commitOffsets([{ topic, partition, offset: (BigInt(last) + 1n).toString() }]);
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
      await this.deadLetter.write([{ '@timestamp': at, message: value.toString('utf8') }], `${topic}/${partition}@${message.offset}: value of ${value.length} bytes is over max_message_bytes (${max}); shipped truncated`);
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
