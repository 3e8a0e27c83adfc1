/**
 * One `_bulk` request and what became of its items: stored (settled at once), to send again (429/5xx items,
 * a whole request that failed) or rejected for good (4xx items, a malformed request), for the dead letters.
 */
import type { Client } from '@elastic/elasticsearch';
import type { Readable } from 'node:stream';
import { errorMessage } from '../../kit.js';
import { BULK_FILTER_PATH, classifyItem, isRetriableStatus, readBulkResponse, statusOf } from './bulk-response.js';
import type { BulkTarget } from './bulk-target.js';
import type { BulkMetrics } from './metrics.js';
import { bulkBody, type Item, type RequestBatcher } from './request-batcher.js';
import type { TemplateInstaller } from './template-installer.js';

export interface Rejected {
  readonly item: Item;
  readonly reason: string;
}

/** What became of one bulk request's items; `error` when the whole request failed (and is retried). */
export interface Outcome {
  readonly retry: Item[];
  readonly rejected: Rejected[];
  /** Why the engine answered 429/5xx for the first item in `retry` (a partial result). */
  readonly retryReason?: string;
  readonly error?: string;
}

/**
 * Whole bulk requests answered with these are retried, not dead-lettered: 401 (credentials expired or
 * wrong), 403 (the credentials lack a privilege), 407 (a proxy wants credentials). Logstash's output
 * likewise retries every failed request.
 */
const REFUSED_CREDENTIALS = new Set([401, 403, 407]);

export interface BulkRequestOptions {
  readonly client: Client;
  readonly target: BulkTarget;
  readonly template: TemplateInstaller;
  readonly batcher: RequestBatcher;
  readonly metrics: BulkMetrics;
  readonly requestTimeout: number;
  readonly signal: AbortSignal;
  /** Sends a part of a request again as a request of its own (after the engine found the whole too large). */
  readonly resend: (items: Item[]) => void;
}

export class BulkRequester {
  constructor(private readonly options: BulkRequestOptions) {}

  /** Sends one bulk request and sorts its items into stored (settled here), to retry and rejected. */
  async send(items: Item[]): Promise<Outcome> {
    const { client, batcher, metrics } = this.options;
    try {
      await this.options.template.ready();
      // As a stream: readBulkResponse skips parsing responses that report no failed item.
      const result = await client.transport.request(
        { method: 'POST', path: '/_bulk', querystring: { filter_path: BULK_FILTER_PATH }, bulkBody: bulkBody(items) },
        { meta: true, asStream: true, maxRetries: 0, requestTimeout: this.options.requestTimeout, signal: this.options.signal },
      );
      const response = await readBulkResponse(result.statusCode ?? 0, result.headers ?? {}, result.body as Readable);
      if (!response.errors) {
        metrics.request('stored'); // counted before settling: acknowledging may end the run
        for (const item of items) batcher.settle(item);
        return { retry: [], rejected: [] };
      }
      const results = response.items;
      const stored: Item[] = [];
      const retry: Item[] = [];
      const rejected: Rejected[] = [];
      let retryReason: string | undefined;
      for (let i = 0; i < items.length; i++) {
        const item = items[i] as Item;
        const verdict = classifyItem(results[i], this.options.target.createsWithId);
        if (verdict.kind === 'stored') stored.push(item);
        else if (verdict.kind === 'retry') {
          retry.push(item);
          retryReason ??= verdict.reason;
        } else rejected.push({ item, reason: verdict.reason });
      }
      metrics.request(retry.length + rejected.length === 0 ? 'stored' : 'partial');
      for (const item of stored) batcher.settle(item);
      return retryReason === undefined ? { retry, rejected } : { retry, rejected, retryReason };
    } catch (error) {
      metrics.request('failed');
      return this.failed(items, error);
    }
  }

  /** Sorts the items of a request that failed as a whole. */
  private failed(items: Item[], error: unknown): Outcome {
    const status = statusOf(error);
    if (status === 413 && items.length > 1) {
      // Request too large for the engine: halve it until it fits.
      const half = Math.ceil(items.length / 2);
      this.options.resend(items.slice(0, half));
      this.options.resend(items.slice(half));
      return { retry: [], rejected: [] };
    }
    if (status !== undefined && REFUSED_CREDENTIALS.has(status)) {
      // Expired or rotated credentials, a role without write access: the engine refuses everyone alike,
      // and an operator fixes it without touching the agent. Like an outage, not like bad documents.
      return { retry: items, rejected: [], error: `${errorMessage(error)} (the engine refused the agent's credentials or privileges; check auth)` };
    }
    if (!isRetriableStatus(status)) {
      const reason = `bulk request rejected with ${status}: ${errorMessage(error)}`;
      return { retry: [], rejected: items.map((item) => ({ item, reason })) };
    }
    return { retry: items, rejected: [], error: errorMessage(error) };
  }
}
