/**
 * Prometheus metrics of http_threat's behaviour part, labelled by component: the verdict on each judged client
 * window (learning while the forest warms up: no behaviour verdicts then), the clients tracked and those that
 * lost their place to newer ones.
 */
import { Gauge, counterFor, metricFor, type Registry } from '../../../agent/kit.js';

export type WindowOutcome = 'learning' | 'normal' | 'anomalous';

export interface BehaviourMetrics {
  window(outcome: WindowOutcome): void;
  clients(tracked: number, evictions: number): void;
}

export function behaviourMetrics(registry: Registry, component: string): BehaviourMetrics {
  const windows = counterFor(registry, 'sidecar_threat_behaviour_windows_total', 'Client windows http_threat judged, by outcome (learning: before the forest’s first fit, no verdict).', ['component', 'outcome']);
  const tracked = metricFor(registry, 'sidecar_threat_behaviour_clients', () => new Gauge({ name: 'sidecar_threat_behaviour_clients', help: 'Clients http_threat tracks in its behaviour windows.', labelNames: ['component'], registers: [registry] }));
  const evicted = counterFor(registry, 'sidecar_threat_behaviour_evictions_total', 'Clients whose behaviour window was dropped for a newer client (max_clients reached).', ['component']);
  let evictionsSeen = 0;
  return {
    window: (outcome) => windows.inc({ component, outcome }),
    clients: (count, evictions) => {
      tracked.set({ component }, count);
      if (evictions > evictionsSeen) evicted.inc({ component }, evictions - evictionsSeen);
      evictionsSeen = evictions;
    },
  };
}
