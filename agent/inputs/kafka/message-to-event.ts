/**
 * How the kafka input turns messages into events: the value is the message (truncated to max_message_bytes
 * and flagged, never dropped), topic/partition/offset/key under `kafka`, headers as `labels`, the message
 * timestamp as `@timestamp` (the fetch time when it has none), and an id unique per message. The whole value
 * of a truncated message goes to the component's dead letters.
 */
import type { KafkaMessage } from 'kafkajs';
import type { DeadLetters, EventStamp, LogEvent } from '../../kit.js';

export interface MappedBatch {
  readonly events: LogEvent[];
  /** Messages whose value was over max_message_bytes (their events carry a truncated value). */
  readonly oversized: KafkaMessage[];
}

export class MessageToEvent {
  /** Messages of a batch mostly share their millisecond: convert each distinct timestamp once. */
  private lastTimestamp = '';
  private lastIso = '';

  constructor(
    private readonly maxMessageBytes: number,
    private readonly stamp: EventStamp,
  ) {}

  /** The events of one fetched batch of `topic`/`partition`, fetched at `ingested` (ISO time). */
  batch(topic: string, partition: number, messages: readonly KafkaMessage[], ingested: string): MappedBatch {
    const events: LogEvent[] = [];
    const oversized: KafkaMessage[] = [];
    for (const message of messages) events.push(this.event(topic, partition, message, ingested, oversized));
    return { events, oversized };
  }

  private event(topic: string, partition: number, message: KafkaMessage, ingested: string, oversized: KafkaMessage[]): LogEvent {
    const value = message.value ?? Buffer.alloc(0);
    const max = this.maxMessageBytes;
    const truncated = value.length > max;
    if (truncated) oversized.push(message);
    const event: LogEvent = {
      '@timestamp': this.isoTime(message.timestamp, ingested),
      message: value.toString('utf8', 0, Math.min(value.length, max)),
      kafka: { topic, partition, offset: Number(message.offset), ...(message.key ? { key: message.key.toString('utf8') } : {}) },
      // Unique per message: as the elasticsearch output's id_field it makes re-delivered messages idempotent.
      event: { ingested, id: `${topic}-${partition}-${message.offset}` },
      host: { name: this.stamp.hostName },
    };
    if (truncated) event.log = { flags: ['truncated'] };
    if (this.stamp.serviceName !== undefined) event.service = { name: this.stamp.serviceName };
    if (message.headers) {
      const labels: Record<string, string> = {};
      for (const [key, header] of Object.entries(message.headers)) {
        if (header !== undefined) labels[key] = Array.isArray(header) ? header.map(String).join(',') : header.toString();
      }
      event.labels = labels;
    }
    return event;
  }

  private isoTime(timestamp: string, fallback: string): string {
    if (timestamp === this.lastTimestamp) return this.lastIso;
    const ms = Number(timestamp);
    this.lastTimestamp = timestamp;
    this.lastIso = Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : fallback;
    return this.lastIso;
  }
}

/** The whole value of each oversized message goes to the dead letters; its truncated event is shipped. */
export async function deadLetterOversized(
  deadLetters: DeadLetters,
  topic: string,
  partition: number,
  messages: readonly KafkaMessage[],
  at: string,
  maxMessageBytes: number,
): Promise<void> {
  for (const message of messages) {
    const value = message.value ?? Buffer.alloc(0);
    await deadLetters.write(
      [{ '@timestamp': at, message: value.toString('utf8') }],
      `${topic}/${partition}@${message.offset}: value of ${value.length} bytes is over max_message_bytes (${maxMessageBytes}); shipped truncated`,
    );
  }
}
