/**
 * The `kafka` input: a kafkajs consumer in a consumer group. Each fetched batch of a partition is queued for
 * the pipeline in parts of up to 1,000 messages, which a per-partition feed hands on one after another. A
 * part's offsets are resolved as soon as it is queued, so kafkajs fetches the next batch while the pipeline
 * and the outputs still work on this one (the fetch round trip and decoding overlap with delivery); a bound
 * on the bytes queued or in flight per partition (max_in_flight_bytes_per_partition) stops the fetching
 * ahead, and the pipeline's window stops the feed. The offset ledger tracks each partition's parts in offset
 * order and moves the offset to commit only over the prefix every output acknowledged; offsets are committed
 * in the agent's checkpoint rounds, after the outputs were flushed (fsynced), exactly like file positions: a
 * committed offset never runs ahead of durable output. A failed part seeks the partition back to its first
 * unacknowledged offset, so that part and everything after it are read again (duplicates, never loss), unless
 * the broker deleted those messages meanwhile (retention): then it reads on from the oldest one left and logs
 * the offsets lost, rather than seeking to a place that no longer exists again and again. On a
 * rebalance, offsets acknowledged but not yet committed for partitions that moved away are read again by
 * their new owner (duplicates within one checkpoint interval).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel, type Admin, type Batch, type Consumer, type EachBatchPayload, type KafkaMessage, type SASLOptions } from 'kafkajs';
import type { BatchSink, Input, InputContext } from '../../kit.js';
import { errorMessage } from '../../kit.js';
import { failureLevel, pause, RetryPolicy } from '../../kit.js';
import { whenAborted } from '../../kit.js';
import type { KafkaInputConfig } from './config.js';
import { skipIdleRequestChecks } from './idle-request-check.js';
import { deadLetterOversized, MessageToEvent } from './message-to-event.js';
import { OffsetLedger, type InFlightPart } from './offset-ledger.js';

/**
 * A fetched batch (up to max_bytes_per_partition, thousands of messages) enters the pipeline in parts of at
 * most this many messages, each built only when its turn comes: the events of a part are garbage once it is
 * written, instead of a whole fetch's events outliving several young-generation collections.
 */
export const PIPELINE_BATCH_MESSAGES = 1000;
/** How long a partition's oldest offset, once asked, is taken as still true while a sought-back read has not come. */
const LOG_START_MAX_AGE_MS = 2000;

/** The offset kafkajs fetched a batch from (set by kafkajs on every batch, though its typings leave it out). */
function fetchedOffsetOf(batch: Batch): string | undefined {
  const fetched: unknown = (batch as Batch & { fetchedOffset?: unknown }).fetchedOffset;
  return typeof fetched === 'string' ? fetched : undefined;
}

export class KafkaInput implements Input {
  private readonly kafka: Kafka;
  private consumer: Consumer | undefined;
  /** Per partition: parts in flight, the acknowledged prefix to commit, the last commit. */
  private readonly offsets: OffsetLedger;
  private readonly toEvents: MessageToEvent;
  /** Topics batches came from, to pause them all when stopping. */
  private readonly topicsSeen = new Set<string>();
  /** `topic/partition` of the partitions fetched from since the last group join (their first batch is logged). */
  private readonly partitionsFetched = new Set<string>();
  /** Per `topic/partition`: its queued parts entering the pipeline one after another (absent when none are queued). */
  private readonly feeds = new Map<string, Promise<void>>();
  /** For the oldest offset still in a partition (see resumePoint); connected on first use. */
  private admin: Admin | undefined;
  private readonly logStarts = new Map<string, { readonly offset: string; readonly at: number }>();
  private handlersRunning = 0;
  private handlersIdle: (() => void) | undefined;
  private stopping = false;
  private closing = false;

  constructor(
    private readonly config: KafkaInputConfig,
    private readonly ctx: InputContext,
  ) {
    const logger = ctx.logger;
    skipIdleRequestChecks();
    this.toEvents = new MessageToEvent(config.max_message_bytes, ctx.stamp);
    this.offsets = new OffsetLedger(config.max_in_flight_bytes_per_partition);
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
      // A reader does not create the topics it was told to read (a typo would make a topic); kafkajs would.
      allowAutoTopicCreation: false,
      // Short fetch long-polls: a stop (shutdown, rebalance) does not wait out a 5 s default.
      maxWaitTimeInMs: 500,
      // Restart after failures that outlast the retries (a broker down for minutes): never give up.
      retry: { retries: 8, restartOnFailure: async () => true },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.ctx.logger.info({ group: payload.groupId, assignment: payload.memberAssignment }, 'joined consumer group');
      this.offsets.groupJoined(payload.memberAssignment);
      this.partitionsFetched.clear();
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.ctx.logger.warn({ err: errorMessage(payload.error), restart: payload.restart }, 'kafka consumer failed; restarting');
    });
    if (!(await this.retrying(() => consumer.connect(), 'cannot reach Kafka; retrying', signal))) return;
    const topics: (string | RegExp)[] = [...this.config.topics];
    if (this.config.topic_pattern !== undefined) topics.push(new RegExp(this.config.topic_pattern));
    // A topic that does not exist yet (or is being created) fails the subscription: wait for it rather than stop.
    const subscribed = () => consumer.subscribe({ topics, fromBeginning: this.config.start_at === 'earliest' });
    if (!(await this.retrying(subscribed, 'cannot subscribe to the topics; retrying', signal))) return;
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.config.partitions_consumed_concurrently,
      eachBatch: (payload) => this.handleBatch(payload, sink),
    });
    if (this.ctx.once) await this.consumeToEnd(signal);
    else await whenAborted(signal);
    // Stop fetching and let running handlers and queued parts settle; the consumer stays in the group until
    // close(), so the final checkpoint round can still commit what was delivered.
    this.stopping = true;
    consumer.pause([...this.topicsSeen].map((topic) => ({ topic })));
    await this.handlersSettled();
    await Promise.all(this.feeds.values());
  }

  snapshotCheckpoint(): () => Promise<void> {
    const snapshot = this.offsets.snapshot();
    return async () => {
      if (snapshot.offsets.length === 0 || this.consumer === undefined) return;
      await this.consumer.commitOffsets([...snapshot.offsets]);
      snapshot.committed();
    };
  }

  async close(): Promise<void> {
    this.closing = true;
    this.offsets.close();
    await this.consumer?.stop().catch(() => undefined);
    await this.consumer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
  }

  /** Runs `step` until it succeeds or the input stops (false then), logging each failure with `message`. */
  private async retrying(step: () => Promise<void>, message: string, signal: AbortSignal): Promise<boolean> {
    const policy = new RetryPolicy({ initial: 500, max: 30_000 });
    for (let attempt = 1; !signal.aborted; attempt++) {
      try {
        await step();
        return true;
      } catch (error) {
        const wait = policy.delay(attempt);
        const { brokers, topics, topic_pattern } = this.config;
        this.ctx.logger[failureLevel(attempt)]({ err: errorMessage(error), brokers, topics, topic_pattern, attempt, retry_in_ms: Math.round(wait) }, message);
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
    const { topic, partition, messages } = batch;
    this.topicsSeen.add(topic);
    this.logFirstFetch(topic, partition, batch.firstOffset());
    for (let start = 0; start < messages.length; start += PIPELINE_BATCH_MESSAGES) {
      const end = Math.min(messages.length, start + PIPELINE_BATCH_MESSAGES);
      const bytes = bytesOf(messages, start, end);
      if (!this.offsets.hasRoom(topic, partition, bytes)) await this.whileHeartbeating(this.offsets.whenRoom(topic, partition, bytes), heartbeat);
      // Checked right before the part is admitted: after a seek (a failed part), a rebalance or when stopping,
      // the rest is not resolved, so kafkajs (or the partition's next owner) reads it again.
      if (this.stopping || this.closing || !isRunning() || isStale()) return;
      // The batch's own last offset can lie past its last message (transaction markers): commit past those too.
      const last = end === messages.length ? batch.lastOffset() : (messages[end - 1] as KafkaMessage).offset;
      const first = (messages[start] as KafkaMessage).offset;
      const resumeAt = this.offsets.misplaced(topic, partition, first);
      if (resumeAt !== undefined) {
        const from = await this.resumePoint(topic, partition, resumeAt, start === 0 ? fetchedOffsetOf(batch) : undefined, first);
        if (from !== first) return this.seek(topic, partition, from);
        // The broker was asked meanwhile: the partition may have moved or the input begun to stop.
        if (this.stopping || this.closing || !isRunning() || isStale()) return;
      }
      const part = this.offsets.admit(topic, partition, first, last, bytes);
      this.feed(`${topic}/${partition}`, () => this.handOn(part, topic, partition, messages, start, end, sink));
      // Resolved once the part is queued, not once it was delivered: kafkajs fetches the next batch while the
      // pipeline and the outputs work on this one. The ledger commits it only once acknowledged.
      resolveOffset(last);
    }
  }

  /** Queues a task on the partition's feed, so its parts enter the pipeline one after another, in offset order. */
  private feed(key: string, task: () => Promise<void>): void {
    const chained = (this.feeds.get(key) ?? Promise.resolve()).then(task);
    this.feeds.set(key, chained);
    void chained.then(() => {
      if (this.feeds.get(key) === chained) this.feeds.delete(key);
    });
  }

  /**
   * Builds the events of `messages[start..end)` and hands them to the pipeline (waiting there while its window
   * is full); the acknowledgement goes to the ledger. A part whose partition was sought back or reassigned
   * meanwhile, or that comes after the input started stopping, is dropped: it is read again.
   */
  private async handOn(part: InFlightPart, topic: string, partition: number, messages: readonly KafkaMessage[], start: number, end: number, sink: BatchSink): Promise<void> {
    if (!part.current() || this.stopping || this.closing) return part.discard();
    try {
      const ingested = new Date().toISOString();
      const { events, oversized } = this.toEvents.batch(topic, partition, messages, ingested, start, end);
      if (oversized.length > 0) await deadLetterOversized(this.ctx.deadLetters, topic, partition, oversized, ingested, this.config.max_message_bytes);
      await sink({ events, delivered: () => part.acknowledged(), failed: () => this.readAgain(topic, partition, part) });
    } catch (error) {
      this.ctx.logger.warn({ err: errorMessage(error), topic, partition }, 'cannot hand messages to the pipeline');
      this.readAgain(topic, partition, part);
    }
  }

  /** A part was not delivered: the partition is read again from its first unacknowledged offset. */
  private readAgain(topic: string, partition: number, part: InFlightPart): void {
    const from = part.failed();
    if (from === undefined) return;
    this.ctx.logger.info({ topic, partition, offset: from }, 'reading partition again from its first undelivered offset');
    this.seek(topic, partition, from);
  }

  /**
   * Where a partition sought back to `resumeAt` is read from, now that a part starting at `first` came instead.
   * Fetched from `resumeAt` itself, the broker has nothing before `first` any more (compaction): from `first`.
   * Otherwise the batch is one fetched before the seek, or kafkajs found `resumeAt` out of range and jumped to
   * its default offset; the partition's oldest offset tells which: when retention deleted `resumeAt`, reading
   * goes on from the oldest message left, with a warning naming the offsets lost.
   */
  private async resumePoint(topic: string, partition: number, resumeAt: string, fetchedFrom: string | undefined, first: string): Promise<string> {
    if (fetchedFrom === resumeAt && BigInt(first) > BigInt(resumeAt)) {
      this.ctx.logger.info({ topic, partition, from: resumeAt, to: first }, 'offsets no longer in the partition (compacted); reading on from the next one');
      this.offsets.resumeFrom(topic, partition, first);
      return first;
    }
    const logStart = await this.logStart(topic, partition);
    if (logStart === undefined || BigInt(logStart) <= BigInt(resumeAt)) return resumeAt;
    this.ctx.logger.warn(
      { topic, partition, from: resumeAt, to: logStart, offsets_lost: (BigInt(logStart) - BigInt(resumeAt)).toString() },
      'messages were deleted from the partition (retention) before they were delivered; reading on from the oldest one left',
    );
    this.logStarts.delete(`${topic}/${partition}`);
    this.offsets.resumeFrom(topic, partition, logStart);
    return logStart;
  }

  /** The partition's oldest offset (its log start), asked at most every LOG_START_MAX_AGE_MS; undefined when the broker cannot say. */
  private async logStart(topic: string, partition: number): Promise<string | undefined> {
    const key = `${topic}/${partition}`;
    const known = this.logStarts.get(key);
    if (known !== undefined && Date.now() - known.at < LOG_START_MAX_AGE_MS) return known.offset;
    try {
      if (this.admin === undefined) {
        const admin = this.kafka.admin();
        await admin.connect();
        this.admin = admin;
      }
      const offsets = await this.admin.fetchTopicOffsets(topic);
      const low = offsets.find((p) => p.partition === partition)?.low;
      if (low !== undefined) this.logStarts.set(key, { offset: low, at: Date.now() });
      return low;
    } catch (error) {
      this.ctx.logger.warn({ err: errorMessage(error), topic, partition }, "cannot read the partition's oldest offset; seeking back again");
      return undefined;
    }
  }

  /** Until a part starting at `offset` is fetched, the ledger admits none of the partition (and seeks again). */
  private seek(topic: string, partition: number, offset: string): void {
    try {
      this.consumer?.seek({ topic, partition, offset });
    } catch (error) {
      this.ctx.logger.warn({ err: errorMessage(error), topic, partition, offset }, 'cannot seek back; trying again at the next fetch');
    }
  }

  /** Where consumption of each assigned partition starts shows in the log (and lets benches time from it). */
  private logFirstFetch(topic: string, partition: number, offset: string | null): void {
    const key = `${topic}/${partition}`;
    if (this.partitionsFetched.has(key)) return;
    this.partitionsFetched.add(key);
    this.ctx.logger.info({ topic, partition, offset }, 'first batch of partition fetched');
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

/** Bytes of the values and keys of `messages[start..end)`: what a part holds in memory, roughly. */
function bytesOf(messages: readonly KafkaMessage[], start: number, end: number): number {
  let bytes = 0;
  for (let i = start; i < end; i++) {
    const message = messages[i] as KafkaMessage;
    bytes += (message.value?.length ?? 0) + (message.key?.length ?? 0);
  }
  return bytes;
}
