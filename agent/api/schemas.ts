/**
 * Request and response bodies of the API, as zod schemas: they validate requests (with the path of a bad
 * field) and generate the OpenAPI document, so the two cannot drift.
 */
import { z } from 'zod';
import type { ModelStatus } from '../component.js';

const emit = z.boolean().optional().meta({ description: 'Also send the processed items to the outputs; the answer then waits for their acknowledgement.' });
const event = z.record(z.string(), z.unknown()).meta({ description: 'An event: any JSON object (ECS fields, e.g. message, ticket.*, transaction.*).' });

/** A route's body: one item, or a batch under `batchKey`; the batch form is chosen by that key, so a bad field is named precisely. */
export interface BodySchemas<S extends z.ZodType, B extends z.ZodType> {
  readonly single: S;
  readonly batch: B;
  readonly batchKey: string;
}

function body<S extends z.ZodType, B extends z.ZodType>(single: S, batch: B, batchKey: string): BodySchemas<S, B> {
  return { single, batch, batchKey };
}

export const processRequest = body(z.strictObject({ event, emit }), z.strictObject({ events: z.array(event).min(1).max(1000), emit }), 'events');

export const ticket = z.strictObject({
  id: z.string().optional(),
  subject: z.string().default(''),
  body: z.string().min(1),
});
export const ticketsRequest = body(
  z.strictObject({ id: z.string().optional(), subject: z.string().optional(), body: z.string().min(1), emit }),
  z.strictObject({ tickets: z.array(ticket).min(1).max(1000), emit }),
  'tickets',
);

const transaction = z.strictObject({ transaction: z.record(z.string(), z.unknown()), '@timestamp': z.string().optional() });
export const transactionsRequest = body(transaction.extend({ emit }), z.strictObject({ transactions: z.array(transaction).min(1).max(1000), emit }), 'transactions');

export type BodyOf<R extends BodySchemas<z.ZodType, z.ZodType>> = z.output<R['single']> | z.output<R['batch']>;

export const ticketResult = z.object({
  id: z.string().optional(),
  tags: z.array(z.string()),
  tag_scores: z.record(z.string(), z.number()),
  tags_confidence: z.enum(['normal', 'low']).optional().meta({ description: "low when the ticket's language is one the tagging model does not cover." }),
  priority: z.string().optional().meta({ description: 'urgent, normal or low (a ticket_tagger with label_set: priority in api.tickets).' }),
  sentiment: z.string().optional().meta({ description: 'negative, neutral or positive (a ticket_tagger with label_set: sentiment).' }),
  language: z.string().optional().meta({ description: 'ISO 639-1 code, or und (detect_language).' }),
  entities: z.record(z.string(), z.array(z.string())).optional().meta({ description: 'Key facts by kind: order_id, amount, date, … (ticket_entities).' }),
  summary: z.string().optional(),
  text: z.string().meta({ description: 'The ticket as processed (redactions applied, cleaned by ticket_clean when it is in api.tickets).' }),
  model_versions: z
    .object({ tagger: z.string().optional(), priority: z.string().optional(), sentiment: z.string().optional(), summarizer: z.string().optional() })
    .optional()
    .meta({ description: 'The versions (<name>@<content hash>) of the models whose tags, priority, sentiment and summary these are.' }),
  error: z.string().optional(),
});

export const transactionResult = z.object({
  score: z.number().optional().meta({ description: 'Anomaly score, 0–100.' }),
  severity: z.string().optional(),
  is_anomaly: z.boolean().optional(),
  status: z.string().optional().meta({ description: 'scored, or learning while the online model is warming up.' }),
  explanation: z.unknown().optional(),
  model_version: z.string().optional(),
  error: z.string().optional(),
});

export const acknowledged = z.string().optional().meta({ description: 'With emit: when every output acknowledged the items (ISO 8601).' });

export const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), path: z.string().optional() }),
});

const rate = z.number().nullable();
const modelFigures = z.object({
  version: z.string().meta({ description: '<name>@<content hash> (an online anomaly model adds its fit: online:<fit>@<hash> on events).' }),
  role: z.enum(['current', 'candidate']),
  events: z.number().int().meta({ description: 'Events the model gave a result for (served or in the shadow) since the processor was built.' }),
  served: z.number().int().meta({ description: "Events whose written result is the model's." }),
  errors: z.number().int(),
  error_rate: rate,
  flagged_rate: rate.meta({ description: 'Anomalies (anomaly), tickets with a tag (ticket_tagger); null where flagging means nothing.' }),
  mean_score: rate,
  mean_call_ms: rate.meta({ description: 'Mean wall time of one inference call.' }),
});

export const modelStatus = z.object({
  processor: z.string().meta({ description: 'The processor id.' }),
  type: z.string(),
  state: z.enum(['none', 'canary', 'shadow', 'promoted', 'rolled_back']),
  serving: z.string().meta({ description: 'The version serving the events outside a canary share.' }),
  current: modelFigures,
  candidate: modelFigures
    .extend({ mode: z.enum(['canary', 'shadow']), share: z.number().optional(), key: z.string().optional() })
    .optional(),
  decision: z
    .object({ state: z.enum(['promoted', 'rolled_back']), by: z.enum(['api', 'guard']), reason: z.string(), at: z.string() })
    .optional()
    .meta({ description: 'The decision in force, kept in state_dir for these two models.' }),
  comparison: z
    .object({ compared: z.number().int(), agreed: z.number().int(), agreement: rate, mean_similarity: rate })
    .optional()
    .meta({ description: 'Events both models gave a result for.' }),
  without_key: z.number().int().optional().meta({ description: 'Canary: events without the key field, served by the current model.' }),
});

export const modelsAnswer = z.object({ models: z.array(modelStatus) });

/** The answer schema and the processors' contract describe the same object (a compile-time check). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const modelStatusMatchesContract: Same<z.output<typeof modelStatus>, ModelStatus> = true;

/** The body of a proxy check's answer; the proxy reads the status and the X-Threat-* headers, people read this. */
export const checkAnswer = z.object({
  decision: z.enum(['allow', 'deny']),
  score: z.number().optional().meta({ description: 'threat.score (0 when nothing matched).' }),
  severity: z.string().optional(),
  reasons: z.array(z.string()).optional().meta({ description: 'The detector ids that matched.' }),
  error: z
    .object({ failure: z.enum(['timeout', 'busy', 'unavailable', 'processor_error', 'bad_request']), message: z.string() })
    .optional()
    .meta({ description: 'Set when the check could not decide and api.http_check.on_error answered.' }),
});
