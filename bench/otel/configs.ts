/**
 * The configurations both tools run with, side by side, so each workload does the same job on each side.
 * Flush settings are part of what is measured and are stated in the output (FLUSH_NOTES).
 */
export type Workload = 'file-raw' | 'file-json' | 'file-search' | 'kafka-search';

export const FLUSH_NOTES = [
  'collector: filelog receiver (start_at beginning, poll 200ms default) → batch processor (send_batch_size 8192, timeout 200ms, defaults) → exporter',
  'collector file exporter: format json (OTLP JSON, one line per batch), flush_interval 100ms',
  'collector elasticsearch exporter: mapping otel, logs_index logs-otel-<run>, sending_queue num_consumers 2, queue_size 10 (requests), block_on_overflow, batch sizer items min_size 5000 max_size 5000 flush_timeout 1s',
  'Kafka → Elasticsearch: collector kafka receiver (encoding json, initial_offset earliest, a fresh group per run) → the same batch processor and exporter; sidecar-ai kafka input (start_at earliest, a fresh group per run) → parse_json → the same output',
  'sidecar-ai: follow mode (no --once), file output fsync false (writes each batch as it is delivered); elasticsearch output batch max_events 5000, max_in_flight_requests 2, flush_interval 1s (its defaults)',
];

const collectorService = (receiver: string, exporter: string) => `service:
  telemetry:
    logs: { level: warn }
    metrics: { level: none }
  pipelines:
    logs: { receivers: [${receiver}], processors: [batch], exporters: [${exporter}] }
`;

export function collectorFileConfig(input: string, output: string, parseJson: boolean): string {
  return `receivers:
  filelog:
    include: ["${input}"]
    start_at: beginning
${parseJson ? '    operators:\n      - type: json_parser\n' : ''}processors:
  batch: {}
exporters:
  file:
    path: ${output}
    format: json
    flush_interval: 100ms
${collectorService('filelog', 'file')}`;
}

const collectorElasticsearch = (node: string, index: string) => `processors:
  batch: {}
exporters:
  elasticsearch:
    endpoints: ["${node}"]
    logs_index: ${index}
    mapping: { mode: otel }
    sending_queue:
      enabled: true
      num_consumers: 2
      queue_size: 10
      block_on_overflow: true
      batch:
        sizer: items
        min_size: 5000
        max_size: 5000
        flush_timeout: 1s
`;

export function collectorSearchConfig(input: string, node: string, index: string): string {
  return `receivers:
  filelog:
    include: ["${input}"]
    start_at: beginning
    operators:
      - type: json_parser
${collectorElasticsearch(node, index)}${collectorService('filelog', 'elasticsearch')}`;
}

export function collectorKafkaSearchConfig(brokers: readonly string[], topic: string, group: string, node: string, index: string): string {
  return `receivers:
  kafka:
    brokers: [${brokers.map((b) => `"${b}"`).join(', ')}]
    group_id: ${group}
    initial_offset: earliest
    logs:
      topics: [${topic}]
      encoding: json
${collectorElasticsearch(node, index)}${collectorService('kafka', 'elasticsearch')}`;
}

/** `readBuffer`: the file input's read_buffer_bytes (its default when unset). */
export function agentFileConfig(stateDir: string, input: string, output: string, parseJson: boolean, readBuffer?: string): string {
  return `state_dir: ${stateDir}
log: { level: warn }
inputs:
  - type: file
    include: ["${input}"]${readBuffer === undefined ? '' : `\n    read_buffer_bytes: ${readBuffer}`}
processors: ${parseJson ? '[{ type: parse_json }]' : '[]'}
outputs:
  - type: file
    path: ${output}
    codec: ${parseJson ? 'json' : 'text'}
    fsync: false
`;
}

const agentElasticsearch = (node: string, index: string) => `processors: [{ type: parse_json }]
outputs:
  - type: elasticsearch
    nodes: ["${node}"]
    index: ${index}
    template: { install: false }
`;

export function agentSearchConfig(stateDir: string, input: string, node: string, index: string): string {
  return `state_dir: ${stateDir}
log: { level: warn }
inputs:
  - type: file
    include: ["${input}"]
${agentElasticsearch(node, index)}`;
}

export function agentKafkaSearchConfig(stateDir: string, brokers: readonly string[], topic: string, group: string, node: string, index: string): string {
  return `state_dir: ${stateDir}
log: { level: warn }
inputs:
  - type: kafka
    brokers: [${brokers.map((b) => `"${b}"`).join(', ')}]
    topics: [${topic}]
    group_id: ${group}
    start_at: earliest
${agentElasticsearch(node, index)}`;
}
