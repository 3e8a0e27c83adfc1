import { randomUUID } from 'node:crypto';

import { Kafka, logLevel, Partitioners, type Admin, type Consumer, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { kafkaBrokers, resolveEndpoint } from '../../scripts/services/endpoints.js';

const brokers = kafkaBrokers(resolveEndpoint('kafka').address);
// kafkajs logs retriable errors too (the group coordinator is "not available" while the first group's offsets
// topic is being created); failures reach the tests as rejected promises anyway
const kafka = new Kafka({ clientId: 'sidecar-ai-smoke', brokers, logLevel: logLevel.NOTHING });

describe('Kafka', () => {
  const suffix = randomUUID().slice(0, 8);
  const topic = `sidecar-smoke-${suffix}`;
  const groupId = `sidecar-smoke-group-${suffix}`;
  let admin: Admin;
  let producer: Producer;
  let consumer: Consumer;

  beforeAll(async () => {
    admin = kafka.admin();
    producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
    consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    await Promise.all([admin.connect(), producer.connect(), consumer.connect()]);
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
    await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin?.disconnect();
  });

  it('answers cluster metadata', async () => {
    const cluster = await admin.describeCluster();
    expect(cluster.brokers.length).toBeGreaterThanOrEqual(1);
  });

  it('produces, consumes in a group and commits the offset', async () => {
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true })).toBe(true);

    const value = JSON.stringify({ message: 'smoke test', id: suffix });
    const [record] = await producer.send({ topic, messages: [{ key: suffix, value }] });
    expect(record?.errorCode).toBe(0);
    expect(record?.baseOffset).toBe('0');

    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const received = new Promise<{ partition: number; offset: string; key: string; value: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no message within 60 s')), 60_000);
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          clearTimeout(timer);
          resolve({ partition, offset: message.offset, key: message.key?.toString() ?? '', value: message.value?.toString() ?? '' });
        },
      });
    });
    const message = await received;
    expect(message).toEqual({ partition: 0, offset: '0', key: suffix, value });

    // the committed offset is the next one to read
    await consumer.commitOffsets([{ topic, partition: message.partition, offset: (BigInt(message.offset) + 1n).toString() }]);

    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed).toEqual([{ topic, partitions: [expect.objectContaining({ partition: 0, offset: '1' })] }]);
  });
});
