/**
 * Prometheus metrics of the search-engine output, labelled by component: bulk requests by result and
 * events sent again. Throttling (items answered 429) and outages are otherwise invisible from outside:
 * nothing is lost, events only arrive later, and `sidecar_events_out_total` merely slows down.
 */
import { eventsRetriedCounter, type RetryCause as DeliveryRetryCause } from '../../kit.js';
import { counterFor, type Registry } from '../../kit.js';

export type BulkResult = 'stored' | 'partial' | 'failed';
/** `item`: items the engine answered 429/5xx in a bulk response; `request`: the whole request failed. */
export type RetryCause = Extract<DeliveryRetryCause, 'item' | 'request'>;

export interface BulkMetrics {
  /** stored: every item stored; partial: some items answered with an error (sent again or dead-lettered); failed: no answer, or an HTTP error for the whole request. */
  request(result: BulkResult): void;
  retried(cause: RetryCause, events: number): void;
}

export function bulkMetrics(registry: Registry, component: string): BulkMetrics {
  const requests = counterFor(registry, 'sidecar_output_bulk_requests_total', 'Bulk requests answered, by result (stored, partial, failed).', ['component', 'result']);
  const retried = eventsRetriedCounter(registry);
  return {
    request: (result) => requests.inc({ component, result }),
    retried: (cause, events) => retried.inc({ component, cause }, events),
  };
}
