/**
 * What the dashboards show, one per audience: support staff (tickets), payment analysts (anomalies) and
 * security (HTTP threats), plus an overview. Ids are fixed so an import with overwrite replaces them.
 */
import { count, maxOf, overTime, terms, type SavedObjectSpec } from './model.js';

const logs = 'sidecar-ai-logs';

export const SAVED_OBJECTS: SavedObjectSpec[] = [
  { kind: 'data-view', id: logs, name: 'Sidecar AI logs', title: 'logs-sidecar-*', timeField: '@timestamp' },

  // Support staff
  {
    kind: 'search',
    id: 'sidecar-ai-tagged-tickets',
    title: 'Tagged tickets',
    description: 'Support tickets the tagger processor labelled, newest first; expand a row for the whole event and its link.',
    query: 'ticket.tags:*',
    columns: ['ticket.subject', 'ticket.tags', 'ticket.summary', 'ticket.id', 'customer.tier', 'ticket.tagger.model_version'],
    sort: [['@timestamp', 'desc']],
  },
  {
    kind: 'chart',
    id: 'sidecar-ai-tickets-by-tag-over-time',
    title: 'Tickets per tag over time',
    description: 'Tagged tickets per interval, stacked by tag (a ticket with two tags counts in both).',
    type: 'histogram',
    on: { search: 'sidecar-ai-tagged-tickets' },
    aggs: [count, overTime(), terms('ticket.tags', 'group', 10)],
    valueLabel: 'Tickets',
    stacked: true,
  },
  {
    kind: 'chart',
    id: 'sidecar-ai-top-tags',
    title: 'Top ticket tags',
    description: 'The 15 most frequent tags in the time range, with the number of tickets each.',
    type: 'table',
    on: { search: 'sidecar-ai-tagged-tickets' },
    aggs: [count, terms('ticket.tags', 'bucket', 15, false)],
  },
  {
    kind: 'dashboard',
    id: 'sidecar-ai-support',
    title: 'Support tickets',
    description: 'For support staff: how many tickets of each kind arrive, the most frequent tags, and the tickets themselves with their tags and summaries.',
    panels: [
      { show: 'sidecar-ai-tickets-by-tag-over-time', key: 'tickets-over-time', x: 0, y: 0, w: 32, h: 14 },
      { show: 'sidecar-ai-top-tags', key: 'top-tags', x: 32, y: 0, w: 16, h: 14 },
      { show: 'sidecar-ai-tagged-tickets', key: 'tagged-tickets', x: 0, y: 14, w: 48, h: 20 },
    ],
  },

  // Payment analysts
  {
    kind: 'search',
    id: 'sidecar-ai-anomalous-transactions',
    title: 'Anomalous transactions',
    description: 'Transactions the anomaly scorer flagged, most anomalous first.',
    query: 'anomaly.is_anomaly:true',
    columns: ['anomaly.score', 'anomaly.severity', 'anomaly.explanation', 'transaction.amount', 'transaction.merchant.name', 'transaction.ip_country', 'anomaly.model_version'],
    sort: [['anomaly.score', 'desc']],
  },
  {
    kind: 'chart',
    id: 'sidecar-ai-anomalies-over-time',
    title: 'Anomalies over time by severity',
    description: 'Flagged transactions per interval, stacked by severity.',
    type: 'histogram',
    on: { search: 'sidecar-ai-anomalous-transactions' },
    aggs: [count, overTime(), terms('anomaly.severity', 'group', 5)],
    valueLabel: 'Anomalies',
    stacked: true,
  },
  {
    kind: 'chart',
    id: 'sidecar-ai-anomaly-score-distribution',
    title: 'Anomaly score distribution',
    description: 'Every scored transaction by anomaly.score in steps of 0.05: most sit near 0.4; a growing right tail means more unusual traffic, a shifted hump a changed normal (time to retrain).',
    type: 'histogram',
    on: { dataView: logs, query: 'anomaly.score:*' },
    aggs: [
      count,
      { type: 'histogram', schema: 'segment', params: { field: 'anomaly.score', interval: 0.05, min_doc_count: false, has_extended_bounds: true, extended_bounds: { min: 0, max: 1 } } },
    ],
    valueLabel: 'Transactions',
  },
  {
    kind: 'chart',
    id: 'sidecar-ai-anomaly-features',
    title: 'Top explaining features',
    description: 'The features that most often explain a flagged transaction (anomaly.explanation), with the highest score each was part of.',
    type: 'table',
    on: { search: 'sidecar-ai-anomalous-transactions' },
    aggs: [count, maxOf('anomaly.score'), terms('anomaly.explanation', 'bucket', 10, false)],
  },
  {
    kind: 'chart',
    id: 'sidecar-ai-anomaly-merchants',
    title: 'Merchants with the most anomalies',
    description: 'The merchants of flagged transactions, with the highest score each reached.',
    type: 'table',
    on: { search: 'sidecar-ai-anomalous-transactions' },
    aggs: [count, maxOf('anomaly.score'), terms('transaction.merchant.name', 'bucket', 10, false)],
  },
  {
    kind: 'dashboard',
    id: 'sidecar-ai-payments',
    title: 'Payment anomalies',
    description: 'For payment analysts: flagged transactions over time by severity, how scores are distributed, which features explain the flags, the merchants concerned, and the transactions themselves.',
    panels: [
      { show: 'sidecar-ai-anomalies-over-time', key: 'anomalies-over-time', x: 0, y: 0, w: 24, h: 14 },
      { show: 'sidecar-ai-anomaly-score-distribution', key: 'score-distribution', x: 24, y: 0, w: 24, h: 14 },
      { show: 'sidecar-ai-anomaly-features', key: 'explaining-features', x: 0, y: 14, w: 24, h: 14 },
      { show: 'sidecar-ai-anomaly-merchants', key: 'merchants', x: 24, y: 14, w: 24, h: 14 },
      { show: 'sidecar-ai-anomalous-transactions', key: 'anomalous-transactions', x: 0, y: 28, w: 48, h: 18 },
    ],
  },

  // Security
  {
    kind: 'search',
    id: 'sidecar-ai-http-threats',
    title: 'HTTP threats',
    description: 'Requests the http_threat processor raised as alerts, highest threat score first.',
    query: 'event.kind:alert and event.category:intrusion_detection',
    columns: ['source.ip', 'http.request.method', 'url.original', 'threat.severity', 'threat.score', 'rule.name'],
    sort: [['threat.score', 'desc'], ['@timestamp', 'desc']],
  },
  {
    kind: 'chart',
    id: 'sidecar-ai-http-threats-over-time',
    title: 'HTTP threats over time by class',
    description: 'Alerts per interval, split by the attack class of each detection (an alert with detections of two classes counts in both).',
    type: 'histogram',
    on: { search: 'sidecar-ai-http-threats' },
    aggs: [count, overTime(), terms('threat.reasons.class', 'group', 10)],
    valueLabel: 'Alerts',
    stacked: true,
  },
  {
    kind: 'chart',
    id: 'sidecar-ai-http-threat-clients',
    title: 'Top clients by HTTP threats',
    description: 'The client addresses with the most alerts, with the highest threat score each reached.',
    type: 'table',
    on: { search: 'sidecar-ai-http-threats' },
    aggs: [count, maxOf('threat.score'), terms('source.ip', 'bucket', 10, false)],
  },
  {
    kind: 'chart',
    id: 'sidecar-ai-http-threat-classes',
    title: 'HTTP threats by class',
    description: 'Share of detections per attack class (an alert with detections of two classes counts in both).',
    type: 'pie',
    on: { search: 'sidecar-ai-http-threats' },
    aggs: [count, terms('threat.reasons.class', 'segment', 10)],
  },
  {
    kind: 'dashboard',
    id: 'sidecar-ai-http-threats-overview',
    title: 'HTTP threats overview',
    description: 'For security teams: requests the http_threat processor raised as alerts: when, of which attack class, from which clients, and the requests themselves.',
    panels: [
      { show: 'sidecar-ai-http-threats-over-time', key: 'threats-over-time', x: 0, y: 0, w: 48, h: 15 },
      { show: 'sidecar-ai-http-threat-clients', key: 'threat-clients', x: 0, y: 15, w: 24, h: 15 },
      { show: 'sidecar-ai-http-threat-classes', key: 'threat-classes', x: 24, y: 15, w: 24, h: 15 },
      { show: 'sidecar-ai-http-threats', key: 'http-threats', x: 0, y: 30, w: 48, h: 18 },
    ],
  },

  // Everyone
  {
    kind: 'dashboard',
    id: 'sidecar-ai-overview',
    title: 'Sidecar AI overview',
    description: 'Tickets, payment anomalies and HTTP threats over time side by side, above the lists of tagged tickets and anomalous transactions.',
    panels: [
      { show: 'sidecar-ai-tickets-by-tag-over-time', key: 'tickets-over-time', x: 0, y: 0, w: 16, h: 14 },
      { show: 'sidecar-ai-anomalies-over-time', key: 'anomalies-over-time', x: 16, y: 0, w: 16, h: 14 },
      { show: 'sidecar-ai-http-threats-over-time', key: 'threats-over-time', x: 32, y: 0, w: 16, h: 14 },
      { show: 'sidecar-ai-tagged-tickets', key: 'tagged-tickets', x: 0, y: 14, w: 48, h: 15 },
      { show: 'sidecar-ai-anomalous-transactions', key: 'anomalous-transactions', x: 0, y: 29, w: 48, h: 15 },
    ],
  },
];
