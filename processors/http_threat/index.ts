import { defineProcessor, patternWarnings } from '../../agent/kit.js';
import { httpThreatConfig } from './config.js';
import { examplesDigest, examplesFileProblems } from './model/examples.js';

export const httpThreatProcessor = defineProcessor({
  type: 'http_threat',
  summary: 'Scores the request target, User-Agent and Referer of access-log events for attacks (SQL injection, XSS, traversal, RFI, command, PHP, Java and server-side JavaScript injection, JNDI lookups, SSRF, session fixation, HTTP protocol abuse, scanners); matches become threat.* fields and alerts.',
  config: httpThreatConfig,
  check: (config, ctx) => [
    ...(config.model === undefined ? [] : examplesFileProblems(config.model.examples_file, ctx.configDir).map((message) => ({ path: ['model', 'examples_file'], message }))),
    ...patternWarnings((config.behaviour?.login.routes ?? []).map((route, i) => ({ path: ['behaviour', 'login', 'routes', i, 'path'], pattern: route.path }))),
  ],
  contentDigest: async (config, ctx) => (config.model === undefined ? undefined : examplesDigest(config.model.examples_file, ctx.configDir)),
  // The scorer, its model and the behaviour forest load on first use, not in agents without this processor.
  create: async (config, ctx) => {
    const [{ HttpThreat }, { loadPayloadModel }, { createBehaviour }, { HttpThreatWithBehaviour }] = await Promise.all([
      import('./http-threat.js'),
      import('./model/load.js'),
      import('./behaviour/create-behaviour.js'),
      import('./behaviour/with-behaviour.js'),
    ]);
    const model = config.model === undefined ? undefined : await loadPayloadModel({ ...config, model: config.model }, ctx.configDir, ctx.logger);
    const payload = new HttpThreat(config, model);
    return config.behaviour === undefined ? payload : new HttpThreatWithBehaviour(payload, await createBehaviour(config.behaviour, ctx));
  },
});
