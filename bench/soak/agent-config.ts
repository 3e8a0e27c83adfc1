/**
 * The agent's config for the soak run. `variant` is what the two reloads change: 1 rebuilds the ticket tagger
 * (its model is loaded again), 2 also rebuilds the raw output (it drains and is replaced).
 */
import { PATTERN_FORMATS } from '../../processors/parse_access_log/formats.js';
import { APP_PATTERN } from './lines.js';

export interface SoakConfigOptions {
  runDir: string;
  logDir: string;
  modelDir: string;
  engine: string;
  variant: number;
}

/** The data streams of the two outputs: with id_field (re-sent events overwrite) and without (they add up). */
export const STORE_STREAM = 'logs-soak-default';
export const RAW_STREAM = 'logs-soakraw-default';

const quote = (text: string): string => `'${text.replace(/'/g, "''")}'`;

function fileInput(id: string, logDir: string, name: string, extra = ''): string {
  return `  - type: file
    id: ${id}
    include: ["${logDir}/${name}*"]
    exclude: ["*.gz"]
${extra}`;
}

export function soakConfig(options: SoakConfigOptions): string {
  const { runDir, logDir, modelDir, engine, variant } = options;
  const output = (id: string, dataset: string, extra: string) => `  - type: elasticsearch
    id: ${id}
    nodes: ["${engine}"]
    data_stream: { dataset: ${dataset} }
    retry: { max_backoff: 5s }
${extra}`;
  return `# Written by bench/soak (variant ${variant}).
state_dir: ${runDir}/state
service: { name: soak-shop }
log: { level: info }
pipeline: { checkpoint_interval: 1s, shutdown_timeout: 30s }
inputs:
${fileInput('tickets', logDir, 'tickets.log')}${fileInput('payments', logDir, 'payments.log')}${fileInput('app', logDir, 'app.log', "    multiline: { start_pattern: '^\\d{4}-\\d{2}-\\d{2} ', max_lines: 200 }\n")}${fileInput('nginx', logDir, 'nginx-access.log')}
processors:
  - type: parse_json
    id: json
    when: { regexp: { log.file.path: '/(tickets|payments)\\.log' } }
  - type: ticket_tagger
    id: tagger
    when: { has_fields: [ticket.id] }
    field: [ticket.subject, message]
    model: { path: ${modelDir} }
    top_k: ${variant >= 1 ? 3 : 2}
    labels:
      - { name: billing, description: "charges, invoices, VAT, double or failed payments" }
      - { name: refund, description: "money back for returns or cancelled orders" }
      - { name: shipping, description: "parcels, deliveries, tracking, lost, late or wrong items" }
      - { name: login, description: "signing in, passwords, locked accounts" }
      - { name: bug, description: "the app or website crashes, errors, something does not work" }
      - { name: fraud, description: "payments the customer did not make, stolen cards" }
  - type: anomaly
    id: payments
    when: { has_fields: [transaction.id] }
    features:
      - { field: transaction.amount, type: numeric, transform: log }
      - { field: transaction.merchant.category, type: categorical }
      - { field: transaction.ip_country, type: categorical, per: transaction.card.id }
      - { field: "@timestamp", type: hour_of_day }
      - { type: rate, key: transaction.card.id, window: 10m }
    warmup: 1000
    refit_every: 5000
  - type: parse_access_log
    id: app-log
    when: { regexp: { log.file.path: '/app\\.log' } }
    format: pattern
    pattern: ${quote(APP_PATTERN)}
  - type: parse_access_log
    id: access-log
    when: { regexp: { log.file.path: '/nginx-access\\.log' } }
    format: pattern
    pattern: ${quote(`${PATTERN_FORMATS.nginx_combined} %{NOTSPACE:event.id}`)}
  - type: http_threat
    id: threat
    when: { regexp: { log.file.path: '/nginx-access\\.log' } }
    behaviour: { key: source.ip, login: { routes: [{ method: POST, path: /login }] } }
outputs:
${output('store', 'soak', '    id_field: event.id\n')}${output('raw', 'soakraw', variant >= 2 ? '    batch: { flush_interval: 2s }\n' : '')}`;
}
