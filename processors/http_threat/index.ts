import { defineProcessor } from '../../agent/kit.js';
import { httpThreatConfig } from './config.js';
import { createBehaviour } from './behaviour/create-behaviour.js';
import { HttpThreatWithBehaviour } from './behaviour/with-behaviour.js';
import { HttpThreat } from './http-threat.js';

export const httpThreatProcessor = defineProcessor({
  type: 'http_threat',
  summary: 'Scores the request target, User-Agent and Referer of access-log events for attacks (SQL injection, XSS, traversal, RFI, command, PHP and Java injection, JNDI lookups, scanners); matches become threat.* fields and alerts.',
  config: httpThreatConfig,
  create: async (config, ctx) => (config.behaviour === undefined ? new HttpThreat(config) : new HttpThreatWithBehaviour(new HttpThreat(config), await createBehaviour(config.behaviour, ctx))),
});
