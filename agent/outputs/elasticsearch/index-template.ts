/**
 * The index template the elasticsearch output installs at start-up (composable template API, accepted by
 * Elasticsearch 8/9 and OpenSearch 2/3 alike). ECS fields the agent and its processors write are mapped
 * explicitly, so Kibana / OpenSearch Dashboards objects can rely on them; anything else is mapped dynamically,
 * strings as keyword. Only core mapping types that both engines have without extra modules are used (no
 * constant_keyword, flattened, match_only_text or scaled_float). deploy/index-templates/ holds the same template as JSON (a test keeps them equal).
 */
export interface IndexTemplateOptions {
  /** Index patterns the template applies to, e.g. ["logs-sidecar-*"]. */
  indexPatterns: string[];
  /** Whether matching names are data streams (true) or plain indices. */
  dataStream: boolean;
  priority?: number;
  /**
   * Data-stream lifecycle (Elasticsearch only; OpenSearch keeps retention in ISM policies and rejects the key):
   * rollover managed by the engine, and deletion after `retention` when one is set.
   */
  lifecycle?: { retention?: string | undefined };
}

const keyword = { type: 'keyword', ignore_above: 1024 } as const;
const text = { type: 'text' } as const;
/** What the anomaly processor writes for its model, and again under anomaly.shadow for a shadow candidate. */
const ANOMALY_FIELDS = {
  status: { type: 'keyword' },
  score: { type: 'float' },
  score_100: { type: 'float' },
  severity: { type: 'keyword' },
  is_anomaly: { type: 'boolean' },
  explanation: { type: 'keyword' },
  explanation_status: { type: 'keyword' },
  model_version: { type: 'keyword' },
} as const;

const date = { type: 'date' } as const;
/**
 * URLs and user agents of access logs: long ones (scanners' injection strings) matter most, so they are kept up
 * to 8191 characters (the most a keyword term holds in UTF-8), with a text sub-field to search words in them.
 */
const longKeyword = { type: 'keyword', ignore_above: 8191 } as const;
const longKeywordWithText = { ...longKeyword, fields: { text } } as const;

/** Where the ticket processors stamp their model's version, with a shadow candidate's results beside it. */
const scoresObject = { type: 'object', dynamic: true } as const;
/** A single-label tagger (ticket_tagger label_set) keeps its version and shadow results under ticket.tagger.<name>. */
const singleLabelTagger = (name: string) => ({
  properties: {
    model_version: keyword,
    shadow: { properties: { [name]: keyword, [`${name}_scores`]: scoresObject, [`${name}_confidence`]: keyword, model_version: keyword, error: text } },
  },
});
const TAGGER_FIELDS = {
  model_version: keyword,
  shadow: { properties: { tags: keyword, tag_scores: scoresObject, tags_confidence: keyword, model_version: keyword, error: text } },
  priority: singleLabelTagger('priority'),
  sentiment: singleLabelTagger('sentiment'),
} as const;
/** ticket_entities' kinds (processors/ticket_entities/kinds.ts), each an array of exact values; custom kinds get the dynamic template. */
const ENTITY_FIELDS = {
  order_id: keyword,
  amount: keyword,
  date: keyword,
  sku: keyword,
  error_code: keyword,
  tracking_number: keyword,
  email_domain: keyword,
} as const;
const SUMMARIZER_FIELDS = {
  model_version: keyword,
  shadow: { properties: { summary: text, model_version: keyword, error: text } },
} as const;

/** Field mappings, by ECS object. Exported so tests can check what dashboards reference. */
export const TEMPLATE_PROPERTIES = {
  '@timestamp': date,
  ecs: { properties: { version: keyword } },
  message: text,
  tags: keyword,
  labels: { type: 'object', dynamic: true },
  data_stream: { properties: { type: keyword, dataset: keyword, namespace: keyword } },
  log: {
    properties: {
      file: { properties: { path: keyword } },
      offset: { type: 'long' },
      flags: keyword,
      level: keyword,
      logger: keyword,
    },
  },
  event: {
    properties: {
      ingested: date,
      id: keyword,
      kind: keyword,
      action: keyword,
      dataset: keyword,
      original: { type: 'keyword', index: false, doc_values: false },
      category: keyword,
      type: keyword,
      outcome: keyword,
      duration: { type: 'long' },
    },
  },
  source: { properties: { ip: { type: 'ip' }, address: keyword } },
  network: { properties: { forwarded_ip: { type: 'ip' } } },
  http: {
    properties: {
      version: keyword,
      request: { properties: { method: keyword, referrer: longKeyword } },
      response: { properties: { status_code: { type: 'long' }, body: { properties: { bytes: { type: 'long' } } } } },
    },
  },
  url: { properties: { original: longKeywordWithText, path: longKeyword, query: longKeyword, fragment: longKeyword, domain: keyword, port: { type: 'long' } } },
  user_agent: { properties: { original: longKeywordWithText } },
  user: { properties: { name: keyword } },
  host: { properties: { name: keyword, hostname: keyword, ip: { type: 'ip' } } },
  service: { properties: { name: keyword, version: keyword, environment: keyword } },
  error: { properties: { message: text, type: keyword } },
  ticket: {
    properties: {
      id: keyword,
      subject: text,
      body: text,
      channel: keyword,
      priority: keyword,
      summary: text,
      tags: keyword,
      tag_scores: scoresObject,
      // ticket_tagger: whether the ticket's language is one its model covers (normal) or not (low).
      tags_confidence: keyword,
      priority_scores: scoresObject,
      priority_confidence: keyword,
      sentiment: keyword,
      sentiment_scores: scoresObject,
      sentiment_confidence: keyword,
      // Written by detect_language and ticket_entities; the tickets dashboard shows them.
      language: keyword,
      entities: { properties: ENTITY_FIELDS },
      tagger: { properties: TAGGER_FIELDS },
      summarizer: { properties: SUMMARIZER_FIELDS },
    },
  },
  customer: { properties: { id: keyword, tier: keyword } },
  kafka: { properties: { topic: keyword, partition: { type: 'integer' }, offset: { type: 'long' }, key: keyword } },
  transaction: {
    properties: {
      id: keyword,
      amount: { type: 'double' },
      currency: keyword,
      merchant: { properties: { name: keyword, mcc: keyword, category: keyword } },
      card: { properties: { id: keyword, country: keyword, last4: keyword } },
      ip_country: keyword,
      attempts_last_hour: { type: 'integer' },
    },
  },
  anomaly: {
    properties: {
      ...ANOMALY_FIELDS,
      shadow: { properties: { ...ANOMALY_FIELDS, error: text } },
    },
  },
  // What http_threat writes. reasons is a plain object array, not nested: dashboards count events by
  // threat.reasons.class with ordinary terms aggregations, which nested fields would not allow.
  threat: {
    properties: {
      score: { type: 'float' },
      severity: keyword,
      reasons: { properties: { detector: keyword, class: keyword, field: keyword, fragment: { ...keyword, fields: { text } } } },
      // The behaviour window of the client when http_threat judged it (numbers, so Kibana can chart them).
      client: {
        properties: {
          key: keyword,
          window_s: { type: 'integer' },
          requests: { type: 'integer' },
          distinct_paths: { type: 'integer' },
          distinct_usernames: { type: 'integer' },
          share_404: { type: 'float' },
          share_4xx: { type: 'float' },
          share_5xx: { type: 'float' },
          probe_hits: { type: 'integer' },
          logins: { type: 'integer' },
          failed_logins: { type: 'integer' },
          behaviour_score: { type: 'float' },
        },
      },
    },
  },
  rule: { properties: { name: keyword, category: keyword } },
} as const;

export function buildIndexTemplate(options: IndexTemplateOptions) {
  return {
    index_patterns: options.indexPatterns,
    priority: options.priority ?? 200,
    ...(options.dataStream ? { data_stream: {} } : {}),
    template: {
      settings: { 'index.mapping.total_fields.limit': 2000 },
      ...(options.dataStream && options.lifecycle !== undefined
        ? { lifecycle: { enabled: true, ...(options.lifecycle.retention === undefined ? {} : { data_retention: options.lifecycle.retention }) } }
        : {}),
      mappings: {
        dynamic_templates: [
          { tag_scores: { path_match: 'ticket.tag_scores.*', mapping: { type: 'float' } } },
          { shadow_tag_scores: { path_match: 'ticket.tagger.shadow.tag_scores.*', mapping: { type: 'float' } } },
          { ticket_entities: { path_match: 'ticket.entities.*', match_mapping_type: 'string', mapping: keyword } },
          { label_set_scores: { path_match: 'ticket.*_scores.*', mapping: { type: 'float' } } },
          { shadow_label_set_scores: { path_match: 'ticket.tagger.*.shadow.*_scores.*', mapping: { type: 'float' } } },
          { labels: { path_match: 'labels.*', match_mapping_type: 'string', mapping: keyword } },
          { strings_as_keyword: { match_mapping_type: 'string', mapping: keyword } },
        ],
        properties: TEMPLATE_PROPERTIES,
      },
    },
    _meta: { managed_by: 'sidecar-ai', description: 'ECS mappings for events shipped by sidecar-ai' },
  };
}
