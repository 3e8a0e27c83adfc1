import { z } from 'zod';
import { codecSchema } from '../codecs/codec.js';

export const fileOutputConfig = z.strictObject({
  path: z
    .string()
    .min(1)
    .meta({ description: 'File to append to (relative to the config file); its directory is created. The agent must be its only writer: a torn last line is cut off.' }),
  codec: codecSchema,
  fsync: z
    .boolean()
    .default(true)
    .meta({
      description:
        'fsync before checkpoints are saved, and keep the bytes written since (up to 16 MiB) to write again after a failed write or fsync. false: neither, so a disk fault or power cut can lose acknowledged events (only for throwaway output).',
    }),
});

export type FileOutputConfig = z.output<typeof fileOutputConfig>;
