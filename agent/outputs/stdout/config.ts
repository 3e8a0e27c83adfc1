import { z } from 'zod';
import { codecSchema } from '../codecs/codec.js';

export const stdoutOutputConfig = z.strictObject({
  codec: codecSchema,
  pretty: z.boolean().default(false).meta({ description: 'With the json codec, indent each event over several lines (for reading, not for machines).' }),
});

export type StdoutOutputConfig = z.output<typeof stdoutOutputConfig>;
