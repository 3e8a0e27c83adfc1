/** The OpenAPI 3.1 document of the API, generated from the same zod schemas that validate its requests. */
import { z } from 'zod';
import { acknowledged, checkAnswer, errorBody, type BodySchemas, modelStatus, modelsAnswer, processRequest, ticketResult, ticketsRequest, transactionResult, transactionsRequest } from './schemas.js';

const json = (schema: z.ZodType) => ({ 'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) } });

function post(summary: string, request: BodySchemas<z.ZodType, z.ZodType>, result: z.ZodType, parameters: unknown[] = []) {
  const answer = z.union([result.and(z.object({ acknowledged })), z.object({ results: z.array(result), acknowledged })]);
  const errors = Object.fromEntries(
    [
      ['400', 'the body is not valid JSON or does not fit the schema (error.path names the field)'],
      ['401', 'api.token is set and the bearer token is missing or wrong'],
      ['404', 'unknown pipeline'],
      ['413', 'body larger than api.body_limit'],
      ['429', 'too many requests waiting (Retry-After)'],
      ['503', 'starting, stopping, route not configured, or request_timeout passed (Retry-After)'],
    ].map(([status, description]) => [status, { description, content: json(errorBody) }]),
  );
  return { post: { summary, parameters, requestBody: { required: true, content: json(z.union([request.single, request.batch])) }, responses: { '200': { description: 'processed', content: json(answer) }, ...errors } } };
}

const processorParameter = { name: 'processor', in: 'path', required: true, schema: { type: 'string' }, description: 'The processor id (`id:` in the config).' };

/** A model route: no request body; the status of one processor (`{processor}` in the path) or of all as the answer. */
function modelRoute(method: 'get' | 'post', summary: string, answer: z.ZodType, errorList: [string, string][], parameters: unknown[] = [processorParameter]) {
  const errors = Object.fromEntries(
    [['401', 'api.token is set and the bearer token is missing or wrong'], ['503', 'the agent is starting or stopping (Retry-After)'], ...errorList].map(([status, description]) => [status, { description, content: json(errorBody) }]),
  );
  return { [method]: { summary, parameters, responses: { '200': { description: 'the roll-out status', content: json(answer) }, ...errors } } };
}

const threatHeaders = {
  'X-Threat-Decision': { description: 'allow or deny.', schema: { type: 'string' } },
  'X-Threat-Score': { description: 'threat.score, 0 when nothing matched.', schema: { type: 'string' } },
  'X-Threat-Severity': { description: 'threat.severity, when a detector matched.', schema: { type: 'string' } },
  'X-Threat-Reasons': { description: 'Comma-separated ids of the detectors that matched.', schema: { type: 'string' } },
  'X-Threat-Error': { description: 'Why the check could not decide (timeout, busy, unavailable, processor_error, bad_request); the status is then api.http_check.on_error.', schema: { type: 'string' } },
};

/** A proxy check: any method, no body read; 200 or 403, with the verdict in headers. */
function checkRoute(summary: string, parameters: unknown[]) {
  const operation = {
    summary,
    parameters,
    responses: {
      '200': { description: 'allow (also on_error: allow when the check could not decide)', headers: threatHeaders, content: json(checkAnswer) },
      '403': { description: 'deny: the event ended as an alert (also on_error: deny when the check could not decide)', headers: threatHeaders, content: json(checkAnswer) },
      '401': { description: 'api.token is set and the bearer token is missing or wrong', content: json(errorBody) },
      '503': { description: 'api.http_check is not configured', content: json(errorBody) },
    },
  };
  return Object.fromEntries(['get', 'head', 'post', 'put', 'patch', 'delete', 'options'].map((method) => [method, operation]));
}

const header = (name: string, description: string) => ({ name, in: 'header', required: false, schema: { type: 'string' }, description });
const forwarded = [header('User-Agent', 'The client’s User-Agent.'), header('Referer', 'The client’s Referer.'), header('X-Forwarded-For', 'The client address (first entry), else X-Real-IP.'), header('X-Real-IP', 'The client address.')];

export function openApiDocument(version: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'sidecar-ai local API', version, description: 'The agent’s processors and models, for the application beside it.' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }, {}],
    paths: {
      '/v1/pipelines/{name}/process': post('Run events through a named processor chain (api.pipelines).', processRequest, z.record(z.string(), z.unknown()), [
        { name: 'name', in: 'path', required: true, schema: { type: 'string' } },
      ]),
      '/v1/tickets/analyze': post('Tags, tag scores and a summary for support tickets (redactions applied).', ticketsRequest, ticketResult),
      '/v1/transactions/score': post('Anomaly score (0–100), severity, explanation and model version for payments.', transactionsRequest, transactionResult),
      '/v1/http/check': checkRoute('nginx auth_request: allow or deny the original request described by X-Original-URI and X-Original-Method (api.http_check).', [
        header('X-Original-URI', 'The original request target ($request_uri); without it the on_error policy answers.'),
        header('X-Original-Method', 'The original method ($request_method); GET when absent.'),
        ...forwarded,
      ]),
      '/v1/http/ext_authz/{path}': checkRoute('Envoy ext_authz (HTTP service, path_prefix /v1/http/ext_authz): allow or deny the original request, whose method and path are this request’s.', [
        { name: 'path', in: 'path', required: true, schema: { type: 'string' }, description: 'The original path and query.' },
        ...forwarded,
      ]),
      '/v1/models': modelRoute('get', 'The processors with models: versions, roll-out state of a candidate (canary, shadow), comparison figures.', modelsAnswer, [], []),
      '/v1/models/{processor}': modelRoute('get', 'One processor’s models and roll-out.', modelStatus, [['404', 'no processor with models has this id']]),
      '/v1/models/{processor}/promote': modelRoute('post', 'The candidate model serves every event from now on, also after a restart while the config names the same models.', modelStatus, [
        ['404', 'no processor with models has this id'],
        ['409', 'the processor has no canary or shadow model (MODEL_NO_CANDIDATE)'],
      ]),
      '/v1/models/{processor}/rollback': modelRoute('post', 'The current model serves every event and the candidate stops, also after a restart while the config names the same models.', modelStatus, [
        ['404', 'no processor with models has this id'],
        ['409', 'the processor has no canary or shadow model (MODEL_NO_CANDIDATE)'],
      ]),
    },
  };
}
