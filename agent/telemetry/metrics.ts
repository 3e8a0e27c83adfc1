/**
 * The agent's Prometheus metrics (prom-client): event counters per component from the pipeline's stats,
 * Node.js process metrics, and whatever components register themselves through `metricFor`.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type Metric } from 'prom-client';
import type { ComponentStats } from '../runtime/stats.js';

/** How often the event-loop delay histogram (sidecar_nodejs_eventloop_lag_*) takes a sample. */
export const EVENT_LOOP_SAMPLE_MS = 100;

export function createMetrics(stats: ComponentStats): Registry {
  const registry = new Registry();
  // prom-client samples event-loop delay with a timer every 10 ms by default: 100 wake-ups a second, most of
  // what an idle agent spends (bench/RESULTS.md). Every 100 ms still catches any stall that long or longer.
  collectDefaultMetrics({ register: registry, prefix: 'sidecar_', eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  const fromStats = (name: string, help: string, counts: Map<string, number>) =>
    new Counter({
      name,
      help,
      labelNames: ['component'],
      registers: [registry],
      collect() {
        // Counted by the pipeline (also for the end-of-run summary); copied at scrape time.
        this.reset();
        for (const [component, n] of counts) this.inc({ component }, n);
      },
    });
  fromStats('sidecar_events_in_total', 'Events read by each input.', stats.eventsIn);
  fromStats('sidecar_events_out_total', 'Events acknowledged by each output.', stats.eventsOut);
  fromStats('sidecar_events_dropped_total', 'Events dropped on purpose by each processor.', stats.eventsDropped);
  fromStats('sidecar_events_dead_lettered_total', 'Events each component sent to its dead letters.', stats.deadLettered);
  return registry;
}

/**
 * A metric shared by all instances of a component type (told apart by a `component` label): registered
 * by the first instance, found by the others.
 */
export function metricFor<M extends Metric<string>>(registry: Registry, name: string, create: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? create();
}

/** A counter shared by all instances of a component type, as `metricFor` describes. */
export function counterFor(registry: Registry, name: string, help: string, labelNames: string[]): Counter {
  return metricFor(registry, name, () => new Counter({ name, help, labelNames, registers: [registry] }));
}

export { Counter, Gauge, Histogram, Registry };
