import { defineInput } from '../../component.js';
import { kafkaInputConfig } from './config.js';
import { KafkaInput } from './kafka-input.js';

export const kafkaInput = defineInput({
  type: 'kafka',
  summary: 'Consumes topics in a Kafka consumer group; offsets are committed only after delivery.',
  config: kafkaInputConfig,
  create: (config, ctx) => new KafkaInput(config, ctx),
});
