/** Prometheus metrics of the API: requests by route and status, latency per route, refusals by reason. */
import { Histogram } from 'prom-client';
import { counterFor, metricFor, type Registry } from '../telemetry/metrics.js';

export interface ApiMetrics {
  observe(route: string, status: number, seconds: number): void;
  refused(route: string, reason: 'busy' | 'timeout' | 'unauthorized' | 'unavailable'): void;
  /** A proxy check's answer; cause is `verdict` when the chain decided, else why the on_error policy answered. */
  decided(route: string, decision: 'allow' | 'deny', cause: string): void;
}

export function apiMetrics(registry: Registry): ApiMetrics {
  const requests = counterFor(registry, 'sidecar_api_requests_total', 'API requests answered, by route and HTTP status.', ['route', 'status']);
  const refusals = counterFor(registry, 'sidecar_api_rejections_total', 'API requests refused, by route and reason (busy: queue full; timeout; unauthorized; unavailable).', ['route', 'reason']);
  const decisions = counterFor(registry, 'sidecar_api_http_check_decisions_total', 'Proxy check answers, by route, decision (allow, deny) and cause (verdict, or the failure the on_error policy answered for).', ['route', 'decision', 'cause']);
  const latency = metricFor(
    registry,
    'sidecar_api_request_duration_seconds',
    () =>
      new Histogram({
        name: 'sidecar_api_request_duration_seconds',
        help: 'API request latency by route, from the request to the answer.',
        labelNames: ['route'],
        buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [registry],
      }),
  );
  return {
    observe: (route, status, seconds) => {
      requests.inc({ route, status: String(status) });
      latency.observe({ route }, seconds);
    },
    refused: (route, reason) => refusals.inc({ route, reason }),
    decided: (route, decision, cause) => decisions.inc({ route, decision, cause }),
  };
}
