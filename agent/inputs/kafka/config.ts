import { z } from 'zod';
import { byteSizeSchema, durationSchema } from '../../kit.js';
import { regexSchema } from '../../kit.js';

export const kafkaInputConfig = z
  .strictObject({
    brokers: z.array(z.string().min(1)).min(1).meta({ description: 'Bootstrap brokers, host:port.' }),
    topics: z.array(z.string().min(1)).default([]).meta({ description: 'Topic names to consume.' }),
    topic_pattern: regexSchema.optional().meta({ description: 'Also consume every topic matching this regular expression.' }),
    group_id: z.string().min(1).meta({ description: 'Consumer group: agents with the same group share the partitions.' }),
    client_id: z.string().min(1).default('sidecar-ai'),
    start_at: z
      .enum(['earliest', 'latest'])
      .default('earliest')
      .meta({ description: 'Where a group without committed offsets starts, and where a partition restarts whose committed offset the broker no longer holds (retention deleted it while no agent read it): earliest reads what is left, latest skips to new messages.' }),
    sasl: z
      .strictObject({
        mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
        username: z.string().min(1),
        password: z.string(),
      })
      .optional(),
    tls: z
      .strictObject({
        ca_file: z.string().optional(),
        verify: z.boolean().default(true),
      })
      .optional()
      .meta({ description: 'Connect with TLS (present = on), optionally trusting a CA file.' }),
    session_timeout: durationSchema.prefault('30s'),
    heartbeat_interval: durationSchema.prefault('3s'),
    max_bytes_per_partition: byteSizeSchema
      .prefault('256KiB')
      .meta({ description: 'Bytes fetched per partition and request. Small fetches keep few messages alive at once; the next fetch overlaps with delivery.' }),
    max_in_flight_bytes_per_partition: byteSizeSchema.prefault('256KiB').meta({
      description:
        'Bytes of fetched messages (values and keys) per partition queued for or in the pipeline and not yet acknowledged by every output; kafkajs fetches the partition ahead only while fewer are. Memory per partition is about this plus max_bytes_per_partition.',
    }),
    max_message_bytes: byteSizeSchema
      .prefault('1MiB')
      .meta({ description: 'Longer values are truncated and flagged; the whole value goes to the dead-letter file.' }),
    partitions_consumed_concurrently: z.number().int().min(1).default(4),
  })
  .refine((c) => c.topics.length > 0 || c.topic_pattern !== undefined, { message: 'give topics or topic_pattern', path: ['topics'] });

export type KafkaInputConfig = z.output<typeof kafkaInputConfig>;
