/**
 * Prometheus metrics of the anomaly processor, labelled by component: the outcome written for each event,
 * per model (current, or the candidate of a roll-out). How the two models compare is in the shared
 * `sidecar_model_*` metrics (model-rollout/rollout-metrics.ts).
 */
import { counterFor, type Registry } from '../../agent/kit.js';

export interface AnomalyMetrics {
  /** outcome: learning, normal or anomaly; model: current or candidate (served by a canary, or in the shadow). */
  event(model: 'current' | 'candidate', outcome: 'learning' | 'normal' | 'anomaly'): void;
}

export function anomalyMetrics(registry: Registry, component: string): AnomalyMetrics {
  const events = counterFor(registry, 'sidecar_anomaly_events_total', 'Outcomes the anomaly processor wrote, by model (current, candidate) and outcome.', ['component', 'model', 'outcome']);
  return {
    event: (model, outcome) => events.inc({ component, model, outcome }),
  };
}
