import { buildIndexTemplate } from './index-template.js';

/** Where the template for the default target (data streams logs-sidecar-*) is published in the repository. */
export const defaultTemplateFile = 'deploy/index-templates/logs-sidecar.json';

export function defaultTemplateJson(): string {
  return `${JSON.stringify(buildIndexTemplate({ indexPatterns: ['logs-sidecar-*'], dataStream: true }), null, 2)}\n`;
}
