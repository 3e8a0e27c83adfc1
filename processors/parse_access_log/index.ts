import { defineProcessor } from '../../agent/kit.js';
import { parseAccessLogConfig } from './config.js';
import { ParseAccessLog } from './parse-access-log.js';

export const parseAccessLogProcessor = defineProcessor({
  type: 'parse_access_log',
  summary: 'Parses web-server access-log lines (nginx, Apache, a pattern of your own, JSON) into ECS fields; failures are tagged, not dropped.',
  config: parseAccessLogConfig,
  create: (config) => new ParseAccessLog(config),
});
