import { defineOutput } from '../../kit.js';
import { batchEncoder } from '../codecs/codec.js';
import { stdoutOutputConfig } from './config.js';
import { StdoutOutput } from './stdout-output.js';

export const stdoutOutput = defineOutput({
  type: 'stdout',
  summary: 'Writes events to standard output, as NDJSON or only their messages (agent logs go to stderr).',
  config: stdoutOutputConfig,
  create: (config) => new StdoutOutput(config.pretty, batchEncoder(config.codec)),
});
