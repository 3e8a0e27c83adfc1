import { z } from 'zod';
import { codecSchema } from '../codec.js';

export const fileOutputConfig = z.strictObject({
  path: z.string().min(1).meta({ description: 'File to append to (relative to the config file); its directory is created.' }),
  codec: codecSchema,
  fsync: z
    .boolean()
    .default(true)
    .meta({ description: 'fsync on every flush, before checkpoints are saved (turn off only for throwaway output).' }),
});

export type FileOutputConfig = z.output<typeof fileOutputConfig>;
