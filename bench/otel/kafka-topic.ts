/** A fresh 3-partition topic holding the input file's lines as messages, for the Kafka → Elasticsearch workload. */
import { readFile } from 'node:fs/promises';
import { Kafka, logLevel } from 'kafkajs';

export async function fillTopic(brokers: string[], topic: string, input: string): Promise<number> {
  const kafka = new Kafka({ clientId: 'sidecar-ai-bench-otel', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  await admin.disconnect();
  const lines = (await readFile(input, 'utf8')).split('\n').filter((line) => line !== '');
  const producer = kafka.producer();
  await producer.connect();
  for (let i = 0; i < lines.length; i += 5000) await producer.send({ topic, messages: lines.slice(i, i + 5000).map((value) => ({ value })) });
  await producer.disconnect();
  return lines.length;
}

export async function deleteTopic(brokers: string[], topic: string): Promise<void> {
  const admin = new Kafka({ clientId: 'sidecar-ai-bench-otel', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
}
