/**
 * Prometheus metrics of model roll-outs, the same for every model-backed processor, labelled by processor
 * id, role (current, candidate) and version (`<name>@<hash>`), so a dashboard compares the two models of a
 * roll-out without knowing their hashes: results, served events, errors, flagged results, the score
 * distribution and the inference time per call; for events both models scored, agreement and similarity;
 * roll-backs and promotions; and gauges of the models loaded and the candidate's state, read from the live
 * processors at scrape time (a processor rebuilt by a reload replaces its series, a removed one drops them).
 */
import { Counter, Gauge, Histogram, metricFor, type ModelStatus, type Registry } from '../../agent/kit.js';
import type { GuardReason } from './guard.js';

export type Role = 'current' | 'candidate';

/** One model's series, bound to its labels once (a batch updates them without looking labels up again). */
export interface ModelSeries {
  results(count: number): void;
  served(count: number): void;
  errors(count: number): void;
  flagged(count: number): void;
  score(value: number): void;
  call(seconds: number): void;
}

export interface RolloutMetrics {
  series(role: Role, version: string): ModelSeries;
  compared(candidate: string, compared: number, agreed: number): void;
  similarity(candidate: string, value: number): void;
  rolledBack(candidate: string, reason: GuardReason | 'api'): void;
  promoted(candidate: string): void;
  /** The gauges read this processor's status at scrape time until `detach`. */
  attach(status: () => ModelStatus): () => void;
}

const SCORE_BUCKETS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1];
const SECONDS_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const STATES = ['canary', 'shadow', 'promoted', 'rolled_back'] as const;

/** Status providers of the live processors, per registry (the agent's, or a test's). */
const live = new WeakMap<Registry, Set<() => ModelStatus>>();

function counter(registry: Registry, name: string, help: string, labelNames: string[]): Counter {
  return metricFor(registry, name, () => new Counter({ name, help, labelNames, registers: [registry] }));
}

function histogram(registry: Registry, name: string, help: string, labelNames: string[], buckets: number[]): Histogram {
  return metricFor(registry, name, () => new Histogram({ name, help, labelNames, buckets, registers: [registry] }));
}

function providers(registry: Registry): Set<() => ModelStatus> {
  let set = live.get(registry);
  if (set !== undefined) return set;
  const current = new Set<() => ModelStatus>();
  live.set(registry, current);
  set = current;
  metricFor(
    registry,
    'sidecar_model_info',
    () =>
      new Gauge({
        name: 'sidecar_model_info',
        help: 'Models loaded by each processor (1), by role and version.',
        labelNames: ['processor', 'role', 'version'],
        registers: [registry],
        collect() {
          this.reset();
          for (const status of current) {
            const s = status();
            this.set({ processor: s.processor, role: 'current', version: s.current.version }, 1);
            if (s.candidate) this.set({ processor: s.processor, role: 'candidate', version: s.candidate.version }, 1);
          }
        },
      }),
  );
  metricFor(
    registry,
    'sidecar_model_candidate_state',
    () =>
      new Gauge({
        name: 'sidecar_model_candidate_state',
        help: "The candidate model's roll-out state (1 for the state it is in): canary, shadow, promoted or rolled_back.",
        labelNames: ['processor', 'version', 'state'],
        registers: [registry],
        collect() {
          this.reset();
          for (const status of current) {
            const s = status();
            if (s.candidate === undefined) continue;
            for (const state of STATES) this.set({ processor: s.processor, version: s.candidate.version, state }, s.state === state ? 1 : 0);
          }
        },
      }),
  );
  return set;
}

export function rolloutMetrics(registry: Registry, processor: string): RolloutMetrics {
  const labels = ['processor', 'role', 'version'];
  const results = counter(registry, 'sidecar_model_events_total', 'Events a model gave a result for (served or in the shadow), by processor, role and version.', labels);
  const served = counter(registry, 'sidecar_model_served_total', "Events whose written result is the model's.", labels);
  const errors = counter(registry, 'sidecar_model_errors_total', 'Events a model failed on (an error or a time-out).', labels);
  const flagged = counter(registry, 'sidecar_model_flagged_total', 'Results that are flagged: an anomaly (anomaly), a ticket with at least one tag (ticket_tagger).', labels);
  const scores = histogram(registry, 'sidecar_model_score', "Distribution of a model's scores: anomaly score (anomaly), best label's score (ticket_tagger).", labels, SCORE_BUCKETS);
  const seconds = histogram(registry, 'sidecar_model_inference_seconds', 'Wall time of one inference call (the events of a pipeline batch for that model).', labels, SECONDS_BUCKETS);
  const compared = counter(registry, 'sidecar_model_compared_total', 'Events both the current and the candidate model gave a result for, by candidate version.', ['processor', 'version']);
  const agreed = counter(registry, 'sidecar_model_agreed_total', 'Compared events on which both models agree (is_anomaly; the top tag; the same summary).', ['processor', 'version']);
  const similarity = histogram(registry, 'sidecar_model_similarity', "Similarity (0–1) of the two models' results for compared events.", ['processor', 'version'], [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1]);
  const rollbacks = counter(registry, 'sidecar_model_rollbacks_total', 'Candidate models rolled back, by reason: error_rate or flagged_rate (the guard), api.', ['processor', 'version', 'reason']);
  const promotions = counter(registry, 'sidecar_model_promotions_total', 'Candidate models promoted.', ['processor', 'version']);
  const statuses = providers(registry);
  return {
    series(role, version) {
      const at = { processor, role, version };
      const r = results.labels(at);
      const s = served.labels(at);
      const e = errors.labels(at);
      const f = flagged.labels(at);
      const sc = scores.labels(at);
      const t = seconds.labels(at);
      return {
        results: (n) => r.inc(n),
        served: (n) => s.inc(n),
        errors: (n) => e.inc(n),
        flagged: (n) => f.inc(n),
        score: (v) => sc.observe(v),
        call: (v) => t.observe(v),
      };
    },
    compared: (version, n, same) => {
      compared.inc({ processor, version }, n);
      agreed.inc({ processor, version }, same);
    },
    similarity: (version, value) => similarity.observe({ processor, version }, value),
    rolledBack: (version, reason) => rollbacks.inc({ processor, version, reason }),
    promoted: (version) => promotions.inc({ processor, version }),
    attach(status) {
      statuses.add(status);
      return () => statuses.delete(status);
    },
  };
}
