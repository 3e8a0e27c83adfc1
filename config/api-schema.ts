/**
 * The `api:` section: the local HTTP API an application calls to run the agent's processors on its own
 * items (tags for a ticket, a payment's score) before it acts. Off unless the section is present; it listens
 * on loopback or a Unix socket unless another address is written explicitly.
 */
import { z } from 'zod';
import { byteSizeSchema, durationSchema } from './duration.js';

const processorIds = z.array(z.string().min(1)).min(1);

/** The proxy check routes: a proxy treats any answer but 200 or 403 as its own error, so every failure maps to on_error. */
const httpCheckSchema = z.strictObject({
  processors: processorIds.meta({ description: 'Processor ids the check runs, in order (e.g. an http_threat processor); the request is denied when the event ends as event.kind: alert.' }),
  timeout: durationSchema
    .refine((ms) => ms > 0, 'expected a duration above 0')
    .prefault('250ms')
    .meta({ description: 'A check not decided within this gets the on_error answer (the proxy holds the client meanwhile).' }),
  on_error: z
    .enum(['allow', 'deny'])
    .default('allow')
    .meta({ description: 'The answer when the check cannot decide (timeout, a processor failed, queue full, agent starting or stopping): allow (200, fail open) or deny (403, fail closed).' }),
  emit: z.boolean().default(false).meta({ description: 'Also send each checked request, with its verdict, to the outputs (without waiting for them: the answer does not wait).' }),
});

export const apiSchema = z
  .strictObject({
    listen: z
      .string()
      .regex(/^(unix:\/.+|(\[[0-9a-fA-F:]+\]|[^:\s/]*):\d{1,5})$/, 'expected host:port (e.g. 127.0.0.1:8087) or unix:/path/to/socket')
      .default('127.0.0.1:8087')
      .meta({ description: 'host:port, or unix:/path for a Unix socket on a shared volume. Loopback by default; 0.0.0.0 only if written here.' }),
    token: z
      .strictObject({
        env: z.string().min(1).optional().meta({ description: 'Environment variable holding the bearer token.' }),
        file: z.string().min(1).optional().meta({ description: 'File holding the bearer token (relative to the config file), e.g. a mounted Secret.' }),
      })
      .refine((t) => (t.env === undefined) !== (t.file === undefined), 'set exactly one of env and file')
      .optional()
      .meta({ description: 'Require `Authorization: Bearer <token>` (compared in constant time); no token when unset.' }),
    body_limit: byteSizeSchema.prefault('1MiB').meta({ description: 'Larger request bodies are refused with 413.' }),
    max_concurrent_requests: z.number().int().min(1).default(16).meta({ description: 'Requests processed at once; the others wait in the queue.' }),
    max_queued_requests: z.number().int().min(0).default(64).meta({ description: 'Requests waiting beyond this are refused with 429 and Retry-After.' }),
    request_timeout: durationSchema.refine((ms) => ms > 0, 'expected a duration above 0 (0 would time out every request)').prefault('10s').meta({ description: 'A request not answered within this gets 503 with Retry-After.' }),
    emit: z.boolean().default(false).meta({ description: 'Also send every processed item to the outputs (a request can say emit: true or false itself).' }),
    pipelines: z
      .record(z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected letters, digits, "_" or "-"'), processorIds)
      .default({})
      .meta({ description: 'Named processor chains, by processor id, for POST /v1/pipelines/{name}/process; `when:` conditions do not apply there.' }),
    tickets: processorIds.optional().meta({ description: 'Processor ids POST /v1/tickets/analyze runs, in order (e.g. redact, tagger, summarizer).' }),
    transactions: processorIds.optional().meta({ description: 'Processor ids POST /v1/transactions/score runs (an anomaly processor).' }),
    http_check: httpCheckSchema.optional().meta({ description: 'Allow-or-deny checks for a proxy in front of the application: nginx auth_request (GET /v1/http/check) and Envoy ext_authz (/v1/http/ext_authz/*). Off when unset.' }),
  })
  .meta({ description: 'A local HTTP API over the same processors and models as the log stream (off when unset).' });

export type ApiConfig = z.output<typeof apiSchema>;
