import { Kafka, logLevel } from 'kafkajs';

import { kafkaBrokers } from './endpoints.js';

/** Asks Kafka for its cluster metadata through the admin API; resolves with a short description. */
export async function probeKafka(address: string, timeoutMs = 5_000): Promise<string> {
  const kafka = new Kafka({
    clientId: 'sidecar-ai-services-probe',
    brokers: kafkaBrokers(address),
    logLevel: logLevel.NOTHING,
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return `${cluster.brokers.length} broker(s), controller ${cluster.controller ?? 'none'}`;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
