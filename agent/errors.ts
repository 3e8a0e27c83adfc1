/**
 * Every error that reaches a user carries a stable code from this one registry, with its meaning and whether
 * retrying can help: the runtime decides between retrying, dead-lettering and stopping by the flag, the CLI
 * prints the code, the docs list the registry, and tests match codes rather than messages.
 */
export const ERROR_CODES = {
  CONFIG_INVALID: { retriable: false, meaning: 'The config file is invalid; each problem names its YAML path, line and column.' },
  STATE_DIR: { retriable: false, meaning: '`state_dir` cannot be created or written.' },
  TELEMETRY_LISTEN: { retriable: false, meaning: '`telemetry.listen` cannot be bound (port taken, address not local).' },
  COMPONENT_CREATE_FAILED: { retriable: false, meaning: 'A component could not be built from its config; the message names its place (`outputs[1] (file)`).' },
  UNKNOWN_COMPONENT_TYPE: { retriable: false, meaning: 'No component of this `type:` is registered.' },
  DUPLICATE_COMPONENT_TYPE: { retriable: false, meaning: 'Two components were registered under the same `type:` (a programming error).' },
  CHECKPOINT_WRITE: { retriable: true, meaning: 'A checkpoint or state file cannot be written (a full disk); positions stay where they were saved last.' },
  FILE_OUTPUT_WRITE: { retriable: true, meaning: 'The `file` output cannot write or fsync its file; the write is retried.' },
  DOCUMENT_REJECTED: { retriable: false, meaning: 'An output refused events for good (a mapping conflict, a malformed document); they go to the dead letters.' },
  OUTPUT_CLOSED: { retriable: false, meaning: 'An output was closed while writes were pending; they fail and are read again after a restart.' },
  BULK_RESPONSE_INVALID: { retriable: true, meaning: 'The search engine (or a proxy before it) answered a bulk request with something that is not a bulk response.' },
  MODEL_MISSING: { retriable: false, meaning: 'A model folder is missing or incomplete; `sidecar-ai models pull` (or `npm run models`) provisions it.' },
  MODEL_PROVISION_FAILED: { retriable: false, meaning: 'A model could not be fetched from Maven Central (or the hub, when allowed).' },
  MODEL_UNKNOWN: { retriable: false, meaning: '`sidecar-ai models pull` was given a name that is not in the catalog; `sidecar-ai models list` shows the names.' },
  ANOMALY_EXPORT_FAILED: { retriable: false, meaning: '`sidecar-ai anomaly export` could not export a saved model to ONNX (no such state file, no model trained yet, Python environment).' },
  WORKER_NOT_BUILT: { retriable: false, meaning: 'A worker thread script is missing from the build; run `npm run build`.' },
  ONNX_MODEL_INVALID: { retriable: false, meaning: 'An ONNX model cannot be loaded or does not match the config (outputs, feature count).' },
  ANOMALY_MODEL_INVALID: { retriable: false, meaning: 'A saved anomaly model is inconsistent; it is set aside and a new one trained.' },
  ANOMALY_NO_DATA: { retriable: false, meaning: 'An isolation forest was asked to fit on no rows.' },
  MODEL_NO_CANDIDATE: { retriable: false, meaning: 'HTTP 409: promote or roll back was asked of a processor that has no `canary` or `shadow` model configured.' },
  API_LISTEN: { retriable: false, meaning: '`api.listen` cannot be bound (port taken, socket path not writable).' },
  API_BAD_REQUEST: { retriable: false, meaning: 'HTTP 400: the request body is not valid JSON or does not fit the route\'s schema; the message names the field.' },
  API_UNAUTHORIZED: { retriable: false, meaning: 'HTTP 401: `api.token` is set and the request has no `Authorization: Bearer` header with it.' },
  API_NOT_FOUND: { retriable: false, meaning: 'HTTP 404: no such route, no pipeline of that name under `api.pipelines`, or no processor with models of that id.' },
  API_BODY_TOO_LARGE: { retriable: false, meaning: 'HTTP 413: the request body is larger than `api.body_limit`.' },
  API_BUSY: { retriable: true, meaning: 'HTTP 429: `api.max_queued_requests` requests are already waiting; retry after the Retry-After header.' },
  API_TIMEOUT: { retriable: true, meaning: 'HTTP 503: the request was not answered within `api.request_timeout`; retry after the Retry-After header.' },
  API_UNAVAILABLE: { retriable: true, meaning: 'HTTP 503: the agent is starting or stopping, or the route is not configured; retry after the Retry-After header.' },
  INTERNAL: { retriable: false, meaning: 'A broken invariant inside the agent; please report it with the log.' },
} as const satisfies Record<string, { retriable: boolean; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class SidecarError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;

  /** `retriable` defaults to the registry's flag; a call site may narrow it (a 4xx that will not recover). */
  constructor(code: ErrorCode, message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SidecarError';
    this.code = code;
    this.retriable = options.retriable ?? ERROR_CODES[code].retriable;
  }
}

/** Errors thrown by outputs are retriable unless they say otherwise (a full disk or a busy server recovers). */
export function isRetriable(error: unknown): boolean {
  if (error instanceof SidecarError) return error.retriable;
  return true;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `[CODE] message` for errors with a code, the message alone otherwise: what the CLI shows a user. */
export function describeError(error: unknown): string {
  const code = error !== null && typeof error === 'object' && 'code' in error && typeof error.code === 'string' && error.code in ERROR_CODES ? error.code : undefined;
  return code === undefined ? errorMessage(error) : `[${code}] ${errorMessage(error)}`;
}
