import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defineOutput } from '../../kit.js';
import { elasticsearchOutputConfig, type ElasticsearchOutputConfig } from './config.js';
import type { SearchAuth } from './search-client.js';

function auth(config: ElasticsearchOutputConfig): SearchAuth | undefined {
  if (config.auth === undefined) return undefined;
  if ('api_key' in config.auth) return { apiKey: config.auth.api_key };
  return { username: config.auth.username, password: config.auth.password };
}

export const elasticsearchOutput = defineOutput({
  type: 'elasticsearch',
  summary: 'Writes events to Elasticsearch or OpenSearch with the bulk API; rejected documents go to dead letters.',
  config: elasticsearchOutputConfig,
  // The client library is loaded only when the output is used: it adds about 0.2 s and 35 MiB to start-up.
  create: async (config, ctx) => {
    const [{ ElasticsearchOutput }, { createSearchClient }] = await Promise.all([import('./elasticsearch-output.js'), import('./search-client.js')]);
    const tls = config.tls && {
      rejectUnauthorized: config.tls.verify,
      ...(config.tls.ca_file === undefined ? {} : { ca: readFileSync(path.resolve(ctx.configDir, config.tls.ca_file)) }),
    };
    const credentials = auth(config);
    const client = createSearchClient({
      engine: config.engine,
      node: config.nodes,
      compatibleWith: config.compatible_with,
      requestTimeoutMs: config.request_timeout,
      name: ctx.id,
      ...(credentials ? { auth: credentials } : {}),
      ...(tls ? { tls } : {}),
    });
    return new ElasticsearchOutput(client, config, ctx);
  },
});
