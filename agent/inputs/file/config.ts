import { z } from 'zod';
import { byteSizeSchema, durationSchema } from '../../kit.js';
import { regexSchema } from '../../kit.js';

export const fileInputConfig = z.strictObject({
  include: z
    .array(z.string().min(1))
    .min(1, 'at least one path or glob is required')
    .meta({ description: 'Paths or globs of the files to follow (relative ones resolve against the config file).' }),
  exclude: z
    .array(z.string().min(1))
    .default([])
    .meta({ description: 'Globs of files to skip; a pattern without "/" matches the file name (e.g. "*.gz"), one with "/" the whole path (relative ones against the config file).' }),
  start_at: z
    .enum(['beginning', 'end'])
    .default('beginning')
    .meta({ description: 'Where to start in files never seen before that exist at startup; files appearing later are read from the beginning.' }),
  multiline: z
    .strictObject({
      start_pattern: regexSchema.meta({ description: 'A line matching this regex starts a new event; other lines are appended to the current one.' }),
      max_lines: z.number().int().min(1).default(500).meta({ description: 'Lines per event; beyond it the event is emitted and a new one started (flagged "multiline_split").' }),
      timeout: durationSchema.prefault('1s').meta({ description: 'Emit a pending multi-line event after this long without a new line.' }),
    })
    .optional(),
  max_line_bytes: byteSizeSchema
    .prefault('1MiB')
    .meta({ description: 'Longer lines (and multi-line events) are truncated to this size and flagged in log.flags, never dropped.' }),
  read_buffer_bytes: byteSizeSchema
    .prefault('128KiB')
    .meta({ description: "Bytes read per system call. Each read becomes one batch; larger reads keep more events alive at once, past the agent's 8 MiB young generation." }),
  poll_interval: durationSchema
    .prefault('1s')
    .meta({ description: 'How often files are checked for growth, truncation and rotation when no change event arrives.' }),
  scan_interval: durationSchema.prefault('10s').meta({ description: 'How often the globs are rescanned for new files (change events usually find them sooner).' }),
  close_inactive: durationSchema
    .prefault('5m')
    .meta({
      description:
        'A file read to its end, with everything delivered, and not written for this long is closed: its descriptor, change watch and buffers are freed, its position kept. A write to it (or a scan that finds its size or modification time changed) opens it again. Rotated files left under the globs thus cost nothing once idle. 0 keeps every file open.',
    }),
  rotate_wait: durationSchema
    .prefault('5s')
    .meta({ description: 'After a file was renamed or deleted, keep reading it until it has been idle this long.' }),
});

export type FileInputConfig = z.output<typeof fileInputConfig>;
