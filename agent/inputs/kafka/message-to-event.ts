/**
 * How the kafka input turns messages into events: the value is the message (truncated to max_message_bytes
 * and flagged, never dropped), topic/partition/offset/key under `kafka`, headers as `labels`, the message
 * timestamp as `@timestamp` (the fetch time when it has none), and an id unique per message. The whole value
 * of a truncated message goes to the component's dead letters.
 */
import type { KafkaMessage } from 'kafkajs';
import type { DeadLetters, EventStamp, FieldValue, LogEvent } from '../../kit.js';

const EMPTY = Buffer.alloc(0);

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

  /** The events of `messages[start..end)` of `topic`/`partition`, fetched at `ingested` (ISO time). */
  batch(topic: string, partition: number, messages: readonly KafkaMessage[], ingested: string, start = 0, end = messages.length): MappedBatch {
    const events: LogEvent[] = new Array<LogEvent>(end - start);
    const oversized: KafkaMessage[] = [];
    // Flattened once: ids are this prefix and the offset.
    const idPrefix = `${topic}-${partition}-`;
    for (let i = start; i < end; i++) events[i - start] = this.event(topic, partition, idPrefix, messages[i] as KafkaMessage, ingested, oversized);
    return { events, oversized };
  }

  /** Builds each event with one object shape (no spreads, no empty objects): this runs for every message. */
  private event(topic: string, partition: number, idPrefix: string, message: KafkaMessage, ingested: string, oversized: KafkaMessage[]): LogEvent {
    const value = message.value ?? EMPTY;
    const max = this.maxMessageBytes;
    const truncated = value.length > max;
    if (truncated) oversized.push(message);
    const kafka: { [key: string]: FieldValue } = { topic, partition, offset: Number(message.offset) };
    if (message.key) kafka.key = message.key.toString('utf8');
    const event: LogEvent = {
      '@timestamp': this.isoTime(message.timestamp, ingested),
      message: value.toString('utf8', 0, Math.min(value.length, max)),
      kafka,
      // Unique per message: as the elasticsearch output's id_field it makes re-delivered messages idempotent.
      event: { ingested, id: idPrefix + message.offset },
      host: { name: this.stamp.hostName },
    };
    if (truncated) event.log = { flags: ['truncated'] };
    if (this.stamp.serviceName !== undefined) event.service = { name: this.stamp.serviceName };
    const labels = headerLabels(message.headers);
    if (labels !== undefined) event.labels = labels;
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

/** Headers as labels (lists joined with commas); undefined when there are none, as for most messages. */
function headerLabels(headers: KafkaMessage['headers']): Record<string, string> | undefined {
  let labels: Record<string, string> | undefined;
  if (headers === undefined) return undefined;
  for (const key in headers) {
    const header = headers[key];
    if (header === undefined) continue;
    labels ??= {};
    labels[key] = Array.isArray(header) ? header.map(String).join(',') : header.toString();
  }
  return labels;
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
