import { buildIndexTemplate } from './index-template.js';
import type { SearchEngine } from './search-engine.js';

/**
 * Where the templates for the default target (data streams logs-sidecar-*) are published in the repository,
 * one per engine: OpenSearch refuses the data-stream lifecycle Elasticsearch's template carries.
 */
export const defaultTemplateFiles: Readonly<Record<SearchEngine, string>> = {
  elasticsearch: 'deploy/index-templates/logs-sidecar.json',
  opensearch: 'deploy/index-templates/logs-sidecar.opensearch.json',
};

export function defaultTemplateJson(engine: SearchEngine): string {
  const template = buildIndexTemplate({ indexPatterns: ['logs-sidecar-*'], dataStream: true, ...(engine === 'elasticsearch' ? { lifecycle: {} } : {}) });
  return `${JSON.stringify(template, null, 2)}\n`;
}
