/**
 * The reference of bench/kafka-throughput.ts, run as its own process like the agent: a bare kafkajs consumer
 * (eachBatch, nothing done with the messages, offsets auto-committed) that reads a topic from the beginning
 * until it has seen `--messages` messages. Prints one JSON line when its first batch arrives and one after the
 * last, each with the epoch milliseconds, so the bench measures it from the first fetched message as it does
 * the agent, and one when it joins its group (for bench/idle-cost.ts, which also uses it). Usage: node dist/bench/kafka-plain-consumer.js --brokers a:1,b:2 --topic t --group g --messages n
 */
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';

const { values } = parseArgs({
  options: { brokers: { type: 'string' }, topic: { type: 'string' }, group: { type: 'string' }, messages: { type: 'string' } },
});
const { brokers, topic, group, messages } = values;
if (brokers === undefined || topic === undefined || group === undefined || messages === undefined) throw new Error('give --brokers, --topic, --group and --messages');
const expected = Number(messages);

const kafka = new Kafka({ clientId: 'sidecar-ai-bench', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
const consumer = kafka.consumer({ groupId: group, maxWaitTimeInMs: 500 });
consumer.on(consumer.events.GROUP_JOIN, () => process.stdout.write(`${JSON.stringify({ joined: Date.now() })}\n`));
await consumer.connect();
await consumer.subscribe({ topics: [topic], fromBeginning: true });
let seen = 0;
await new Promise<void>((resolve) => {
  void consumer.run({
    eachBatch: async ({ batch }) => {
      if (seen === 0) process.stdout.write(`${JSON.stringify({ first: Date.now() })}\n`);
      seen += batch.messages.length;
      if (seen >= expected) {
        process.stdout.write(`${JSON.stringify({ last: Date.now(), seen })}\n`);
        resolve();
      }
    },
  });
});
await consumer.disconnect();
