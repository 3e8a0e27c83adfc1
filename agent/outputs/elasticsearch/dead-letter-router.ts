/**
 * Where documents the engine rejected for good go: the `dead_letter.index` when one is configured and takes
 * them, else the component's dead-letter file (`ctx.deadLetters`), one batch per rejection reason.
 */
import type { Client } from '@elastic/elasticsearch';
import type { ComponentContext, LogEvent } from '../../kit.js';
import { errorMessage } from '../../kit.js';
import { bulkSummarySchema } from './bulk-response.js';

/** A rejected bulk item (only its event is read) and the engine's reason. */
export interface RejectedEvent {
  readonly item: { readonly event: LogEvent };
  readonly reason: string;
}

export class DeadLetterRouter {
  constructor(
    private readonly client: Client,
    /** The dead-letter index; undefined: the dead-letter file only. */
    private readonly index: string | undefined,
    private readonly ctx: Pick<ComponentContext, 'deadLetters' | 'location' | 'logger'>,
  ) {}

  /**
   * Resolves once every event is stored in the index or the file, and counted. The file retries a failing
   * disk itself and rejects only when the agent stops.
   */
  async route(rejected: readonly RejectedEvent[]): Promise<void> {
    const byReason = new Map<string, LogEvent[]>();
    for (const { item, reason } of rejected) {
      const list = byReason.get(reason) ?? [];
      list.push(item.event);
      byReason.set(reason, list);
    }
    const { deadLetters, location, logger } = this.ctx;
    for (const [reason, events] of byReason) {
      if (this.index !== undefined && (await this.toIndex(this.index, events, reason))) deadLetters.count(events.length);
      else await deadLetters.write(events, `${location} (elasticsearch): ${reason}`);
    }
    logger.warn({ events: rejected.length, reasons: [...byReason.keys()].slice(0, 3), to: this.index ?? deadLetters.location }, 'documents rejected by the search engine; dead-lettered');
  }

  /** The original event is kept as a string, so the documents that failed to map cannot fail again. */
  private async toIndex(index: string, events: LogEvent[], reason: string): Promise<boolean> {
    const at = new Date().toISOString();
    let body = '';
    for (const event of events) {
      body += `{"create":{"_index":${JSON.stringify(index)}}}\n${JSON.stringify({ '@timestamp': at, 'error.message': reason, 'event.original': JSON.stringify(event) })}\n`;
    }
    try {
      const result = await this.client.transport.request(
        { method: 'POST', path: '/_bulk', querystring: { filter_path: 'errors' }, bulkBody: body },
        { meta: true, maxRetries: 3 },
      );
      return !bulkSummarySchema.parse(result.body).errors;
    } catch (error) {
      this.ctx.logger.error({ err: errorMessage(error), index }, 'dead-letter index unavailable; writing dead letters to file');
      return false;
    }
  }
}
