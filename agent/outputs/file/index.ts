import path from 'node:path';
import { defineOutput } from '../../kit.js';
import { batchEncoder } from '../codecs/codec.js';
import { fileOutputConfig } from './config.js';
import { FileOutput } from './file-output.js';

export const fileOutput = defineOutput({
  type: 'file',
  summary: 'Appends events to a file, one per line: NDJSON documents, or only the messages.',
  config: fileOutputConfig,
  create: (config, ctx) => new FileOutput(path.resolve(ctx.configDir, config.path), config.fsync, batchEncoder(config.codec)),
});
