/**
 * Prometheus metrics of the anomaly processor, labelled by component: events per model and outcome, and
 * the shadow comparison (agreement on is_anomaly = agreed / compared; mean score difference =
 * score_difference / compared), for canary roll-outs of a new model.
 */
import { counterFor, type Registry } from '../../agent/kit.js';

export interface AnomalyMetrics {
  /** outcome: learning, normal or anomaly; model: primary or shadow. */
  event(model: 'primary' | 'shadow', outcome: 'learning' | 'normal' | 'anomaly'): void;
  compared(agreed: boolean, scoreDifference: number): void;
}

export function anomalyMetrics(registry: Registry, component: string): AnomalyMetrics {
  const counter = (name: string, help: string, labelNames: string[]) => counterFor(registry, name, help, labelNames);
  const events = counter('sidecar_anomaly_events_total', 'Events scored by the anomaly processor, by model and outcome.', ['component', 'model', 'outcome']);
  const compared = counter('sidecar_anomaly_shadow_compared_total', 'Events both the model and the shadow model scored.', ['component']);
  const agreed = counter('sidecar_anomaly_shadow_agreed_total', 'Compared events on which both models agreed about is_anomaly.', ['component']);
  const difference = counter('sidecar_anomaly_shadow_score_difference_total', 'Sum of |score − shadow score| over compared events.', ['component']);
  return {
    event: (model, outcome) => events.inc({ component, model, outcome }),
    compared: (isSame, scoreDifference) => {
      compared.inc({ component });
      if (isSame) agreed.inc({ component });
      difference.inc({ component }, scoreDifference);
    },
  };
}
