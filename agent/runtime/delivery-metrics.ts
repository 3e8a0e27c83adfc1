/**
 * Metrics of the delivery path that no single component owns: events sent again, batches that failed, the
 * age of the oldest batch not yet acknowledged (a stuck pipeline shows here first), and reloads by result.
 */
import { counterFor, Gauge, metricFor, type Registry } from '../telemetry/metrics.js';

/** `write`: the output stage retried a whole write; the search-engine output adds `item` and `request`. */
export type RetryCause = 'write' | 'item' | 'request';
export type ReloadResult = 'applied' | 'unchanged' | 'invalid' | 'failed';

export interface DeliveryMetrics {
  retried(component: string, cause: RetryCause, events: number): void;
  batchFailed(component: string, events: number): void;
  reload(result: ReloadResult): void;
}

/** Events sent again, shared by the output stage and outputs that retry by themselves (labels: component, cause). */
export function eventsRetriedCounter(registry: Registry) {
  return counterFor(registry, 'sidecar_output_events_retried_total', 'Events sent again, by cause (write: the whole write failed; item: answered 429/5xx; request: the whole bulk request failed).', [
    'component',
    'cause',
  ]);
}

export function deliveryMetrics(registry: Registry, oldestUnacknowledgedMs: () => number | undefined): DeliveryMetrics {
  const retried = eventsRetriedCounter(registry);
  const failed = counterFor(registry, 'sidecar_batches_failed_total', 'Batches an input handed over that were not delivered in this run (stop, input failure); read again after a restart.', [
    'component',
  ]);
  const failedEvents = counterFor(registry, 'sidecar_events_failed_total', 'Events in failed batches, by input.', ['component']);
  const reloads = counterFor(registry, 'sidecar_config_reloads_total', 'Config reloads (SIGHUP or a watched change), by result: applied, unchanged, invalid, failed.', ['result']);
  metricFor(
    registry,
    'sidecar_oldest_unacknowledged_batch_age_seconds',
    () =>
      new Gauge({
        name: 'sidecar_oldest_unacknowledged_batch_age_seconds',
        help: 'Age of the oldest batch in the pipeline that no output has acknowledged yet; 0 when none is pending.',
        registers: [registry],
        collect() {
          this.set((oldestUnacknowledgedMs() ?? 0) / 1000);
        },
      }),
  );
  return {
    retried: (component, cause, events) => retried.inc({ component, cause }, events),
    batchFailed: (component, events) => {
      failed.inc({ component });
      failedEvents.inc({ component }, events);
    },
    reload: (result) => reloads.inc({ result }),
  };
}
