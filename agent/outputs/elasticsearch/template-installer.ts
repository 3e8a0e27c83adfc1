/**
 * Installs (or updates) the output's index template before its first write. A template the engine refuses
 * (4xx: no permission, a mapping type it lacks) is reported and writing goes on without it: events are not
 * held back or dead-lettered over a template. An unreachable engine, or refused credentials, fail `ready()`,
 * and the next bulk request tries again.
 */
import type { Client } from '@elastic/elasticsearch';
import type { Logger } from 'pino';
import { errorMessage } from '../../kit.js';
import { isRetriableStatus, statusOf } from './bulk-response.js';
import type { BulkTarget } from './bulk-target.js';
import type { ElasticsearchOutputConfig } from './config.js';
import { buildIndexTemplate } from './index-template.js';

export class TemplateInstaller {
  private installed: Promise<void> | undefined;

  constructor(
    private readonly client: Client,
    private readonly config: Pick<ElasticsearchOutputConfig, 'template' | 'request_timeout' | 'engine'>,
    private readonly target: BulkTarget,
    private readonly logger: Logger,
    private readonly signal: AbortSignal,
  ) {}

  /** Resolves once the template is installed (or refused for good, or not wanted); rejects to be asked again. */
  ready(): Promise<void> {
    if (!this.config.template.install) return Promise.resolve();
    this.installed ??= this.install().catch((error: unknown) => {
      this.installed = undefined;
      throw error;
    });
    return this.installed;
  }

  private async install(): Promise<void> {
    const name = this.config.template.name ?? this.target.templateName();
    const template = buildIndexTemplate({
      indexPatterns: this.target.templatePatterns(),
      dataStream: this.target.dataStream,
      ...(this.config.engine === 'elasticsearch' ? { lifecycle: { retention: this.config.template.retention } } : {}),
    });
    try {
      await this.client.transport.request(
        { method: 'PUT', path: `/_index_template/${encodeURIComponent(name)}`, body: template },
        { meta: true, maxRetries: 0, requestTimeout: this.config.request_timeout, signal: this.signal },
      );
      this.logger.info({ template: name, patterns: template.index_patterns }, 'index template installed');
    } catch (error) {
      const status = statusOf(error);
      // Refused credentials (401) fail every request: retry the template with them. A 403 here is a missing
      // template privilege, which writing does not need.
      if (isRetriableStatus(status) || status === 401 || status === 407) throw error;
      this.logger.error({ template: name, status, err: errorMessage(error) }, 'index template rejected; writing without it');
    }
  }
}
