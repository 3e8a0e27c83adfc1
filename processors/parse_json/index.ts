import { defineProcessor } from '../../agent/kit.js';
import { parseJsonConfig } from './config.js';
import { ParseJson } from './parse-json.js';

export const parseJsonProcessor = defineProcessor({
  type: 'parse_json',
  summary: 'Parses a field (message by default) as JSON into event fields; failures are tagged, not dropped.',
  config: parseJsonConfig,
  create: (config) => new ParseJson(config),
});
