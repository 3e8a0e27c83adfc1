import { z } from 'zod';

export const stdoutOutputConfig = z.strictObject({
  pretty: z.boolean().default(false).meta({ description: 'Indent each event over several lines (for reading, not for machines).' }),
});

export type StdoutOutputConfig = z.output<typeof stdoutOutputConfig>;
