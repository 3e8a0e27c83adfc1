import { defineProcessor } from '../../agent/kit.js';
import { httpThreatConfig } from './config.js';
import { createBehaviour } from './behaviour/create-behaviour.js';
import { HttpThreatWithBehaviour } from './behaviour/with-behaviour.js';
import { HttpThreat } from './http-threat.js';
import { examplesDigest, examplesFileProblems } from './model/examples.js';
import { loadPayloadModel } from './model/load.js';

export const httpThreatProcessor = defineProcessor({
  type: 'http_threat',
  summary: 'Scores the request target, User-Agent and Referer of access-log events for attacks (SQL injection, XSS, traversal, RFI, command, PHP, Java and server-side JavaScript injection, JNDI lookups, SSRF, session fixation, HTTP protocol abuse, scanners); matches become threat.* fields and alerts.',
  config: httpThreatConfig,
  check: (config, ctx) => (config.model === undefined ? [] : examplesFileProblems(config.model.examples_file, ctx.configDir).map((message) => ({ path: ['model', 'examples_file'], message }))),
  contentDigest: async (config, ctx) => (config.model === undefined ? undefined : examplesDigest(config.model.examples_file, ctx.configDir)),
  create: async (config, ctx) => {
    const model = config.model === undefined ? undefined : await loadPayloadModel({ ...config, model: config.model }, ctx.configDir, ctx.logger);
    const payload = new HttpThreat(config, model);
    return config.behaviour === undefined ? payload : new HttpThreatWithBehaviour(payload, await createBehaviour(config.behaviour, ctx));
  },
});
