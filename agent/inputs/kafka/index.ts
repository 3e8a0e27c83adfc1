import { defineInput } from '../../kit.js';
import { kafkaInputConfig } from './config.js';

export const kafkaInput = defineInput({
  type: 'kafka',
  summary: 'Consumes topics in a Kafka consumer group; offsets are committed only after delivery.',
  config: kafkaInputConfig,
  // kafkajs is loaded only when the input is used, so agents that only tail files start faster.
  create: async (config, ctx) => {
    const { KafkaInput } = await import('./kafka-input.js');
    return new KafkaInput(config, ctx);
  },
});
