import { z } from 'zod';
import { byteSizeSchema, durationSchema } from '../../kit.js';
import { compatibleWithSchema, searchEngineSchema } from './search-engine.js';

const nameSchema = z.string().regex(/^[a-z0-9_]+$/, 'expected lower-case letters, digits and "_"');

export const elasticsearchOutputConfig = z
  .strictObject({
    engine: searchEngineSchema.default('elasticsearch').meta({ description: 'Which engine the nodes run: elasticsearch or opensearch.' }),
    nodes: z.array(z.url()).min(1).default(['http://127.0.0.1:9200']).meta({ description: 'URLs of the nodes; requests are spread over them.' }),
    auth: z
      .union([
        z.strictObject({ username: z.string().min(1), password: z.string() }),
        z.strictObject({ api_key: z.string().min(1) }),
      ])
      .optional()
      .meta({ description: 'Basic ({username, password}) or API key ({api_key}); use ${VAR} for secrets.' }),
    tls: z
      .strictObject({
        ca_file: z.string().optional().meta({ description: 'PEM file of the CA that signed the nodes\' certificates.' }),
        verify: z.boolean().default(true).meta({ description: 'Verify certificates (turn off only for testing).' }),
      })
      .optional(),
    request_timeout: durationSchema.prefault('30s').meta({ description: 'Timeout of one bulk request; a timed-out request is retried.' }),
    compatible_with: compatibleWithSchema
      .default(8)
      .meta({ description: 'Elasticsearch REST API version to request: 8 works with 8.x and 9.x servers. Ignored for OpenSearch.' }),
    data_stream: z
      .strictObject({
        dataset: nameSchema.default('sidecar'),
        namespace: nameSchema.default('default'),
      })
      .prefault({})
      .meta({ description: 'Write to the data stream logs-<dataset>-<namespace> (the default target), adding data_stream.* fields.' }),
    index: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._%{}+MdHy-]*$/, 'expected a lower-case index name, optionally with %{+yyyy.MM.dd}')
      .optional()
      .meta({ description: 'Write to plain indices instead of a data stream, e.g. "app-logs-%{+yyyy.MM.dd}" (date from @timestamp, UTC).' }),
    id_field: z.string().optional().meta({ description: 'Field whose value becomes the document _id, so re-sent events are not stored twice.' }),
    batch: z
      .strictObject({
        max_events: z.number().int().min(1).default(5000),
        max_bytes: byteSizeSchema.prefault('5MiB'),
        flush_interval: durationSchema.prefault('1s').meta({ description: 'Send a partial batch after this long.' }),
      })
      .prefault({})
      .meta({ description: 'A bulk request is sent when it holds max_events or max_bytes, after flush_interval, or at once while fewer than max_in_flight_requests are in flight.' }),
    max_in_flight_requests: z.number().int().min(1).default(2).meta({ description: 'Bulk requests sent concurrently.' }),
    template: z
      .strictObject({
        install: z.boolean().default(true),
        name: z
          .string()
          .min(1)
          .optional()
          .meta({ description: 'Template name; default sidecar-ai-<target>, one per target, since an engine refuses to re-point a template that existing data streams use.' }),
        retention: z
          .string()
          .regex(/^[1-9][0-9]*(d|h|m|s)$/, 'expected a retention such as 30d, 72h or 90m')
          .optional()
          .meta({
            description:
              'Elasticsearch data streams: delete data older than this (data-stream lifecycle data_retention, e.g. 30d). Unset keeps data until you delete it; the engine still rolls the data stream over. OpenSearch has no lifecycle in templates: use an ISM policy (deploy/index-templates/opensearch-ism-retention.json).',
          }),
      })
      .prefault({})
      .meta({ description: 'Install (or update) the index template with ECS mappings before the first write.' }),
    dead_letter: z
      .strictObject({
        index: z.string().min(1).optional().meta({ description: 'Index for rejected documents; default: <state_dir>/dead-letter/<output id>.ndjson.' }),
      })
      .prefault({}),
    retry: z
      .strictObject({
        initial_backoff: durationSchema.prefault('200ms'),
        max_backoff: durationSchema.prefault('30s'),
      })
      .prefault({})
      .meta({ description: 'Backoff (exponential, with jitter) for failed requests and items rejected with 429 or 5xx.' }),
  })
  .superRefine((config, ctx) => {
    // Accepting a retention that is then not applied would keep data the user expects deleted.
    if (config.template.retention === undefined) return;
    const where = ['template', 'retention'];
    if (config.engine === 'opensearch') ctx.addIssue({ code: 'custom', path: where, message: 'OpenSearch templates have no lifecycle: set retention with an ISM policy (deploy/index-templates/opensearch-ism-retention.json)' });
    else if (config.index !== undefined) ctx.addIssue({ code: 'custom', path: where, message: 'retention applies to data streams; with plain indices (index:) use an ILM policy' });
  });

export type ElasticsearchOutputConfig = z.output<typeof elasticsearchOutputConfig>;
