/**
 * `sidecar-ai/client`: a small typed client of the agent's local API for the application beside it, built on
 * `fetch`. Request and answer types are inferred from the same zod schemas that validate the requests on the
 * agent, so they cannot drift. An error answer becomes a {@link SidecarApiError} with the agent's code, the
 * HTTP status and the Retry-After delay.
 *
 *   const sidecar = new SidecarClient({ baseUrl: process.env.SIDECAR_API, token: process.env.SIDECAR_API_TOKEN });
 *   const { tags, summary } = await sidecar.analyzeTickets({ id: 'T-1', subject: 'Refund', body: 'Charged twice' });
 */
import type { z } from 'zod';
import type { acknowledged, modelStatus, modelsAnswer, processRequest, ticketResult, ticketsRequest, transactionResult, transactionsRequest } from './schemas.js';

type Input<S extends z.ZodType> = z.input<S>;
type Acknowledged = { acknowledged?: z.output<typeof acknowledged> };

export type TicketRequest = Input<(typeof ticketsRequest)['single']>;
export type TicketBatchRequest = Input<(typeof ticketsRequest)['batch']>;
export type TicketResult = z.output<typeof ticketResult>;
export type TransactionRequest = Input<(typeof transactionsRequest)['single']>;
export type TransactionBatchRequest = Input<(typeof transactionsRequest)['batch']>;
export type TransactionResult = z.output<typeof transactionResult>;
export type ProcessRequest = Input<(typeof processRequest)['single']>;
export type ProcessBatchRequest = Input<(typeof processRequest)['batch']>;
export type ProcessedEvent = Record<string, unknown>;
export type ModelStatus = z.output<typeof modelStatus>;
export type ModelsAnswer = z.output<typeof modelsAnswer>;

/** One item in, one result out; a batch in, `{ results }` out. `acknowledged` is set when the items were emitted. */
export type Single<T> = T & Acknowledged;
export interface Batch<T> extends Acknowledged {
  results: T[];
}

export interface SidecarClientOptions {
  /** The API's base URL, e.g. `http://127.0.0.1:8087` (api.listen); default: `$SIDECAR_API`, else that. */
  baseUrl?: string;
  /** The bearer token (api.token); sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Gives up on a request after this many milliseconds (an AbortSignal may be passed per call too). */
  timeoutMs?: number;
  /** A fetch to use instead of the global one (a Unix-socket dispatcher, a test double). */
  fetch?: typeof fetch;
}

export interface CallOptions {
  signal?: AbortSignal;
}

/** An error answer of the agent (`{ error: { code, message, path? } }`), or a failed request (code `NETWORK`). */
export class SidecarApiError extends Error {
  /** The agent's error code (API_BUSY, API_BAD_REQUEST, …; see docs/operations.md), or NETWORK / INVALID_RESPONSE. */
  readonly code: string;
  /** HTTP status; 0 when no answer came. */
  readonly status: number;
  /** Seconds to wait before retrying (the Retry-After header), when the agent sent one. */
  readonly retryAfter: number | undefined;
  /** The request field a 400 is about (e.g. `tickets.0.body`). */
  readonly path: string | undefined;

  constructor(code: string, message: string, status: number, retryAfter?: number, path?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SidecarApiError';
    this.code = code;
    this.status = status;
    this.retryAfter = retryAfter;
    this.path = path;
  }

  /** Whether the same request may succeed later (the agent sent Retry-After: busy, timeout, unavailable). */
  get retriable(): boolean {
    return this.retryAfter !== undefined || this.status === 0;
  }
}

export class SidecarClient {
  private readonly baseUrl: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: SidecarClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? process.env.SIDECAR_API ?? 'http://127.0.0.1:8087').replace(/\/+$/, '');
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** POST /v1/tickets/analyze: tags, tag scores, summary and the redacted text of one ticket or a batch. */
  analyzeTickets(body: TicketRequest, call?: CallOptions): Promise<Single<TicketResult>>;
  analyzeTickets(body: TicketBatchRequest, call?: CallOptions): Promise<Batch<TicketResult>>;
  analyzeTickets(body: TicketRequest | TicketBatchRequest, call?: CallOptions): Promise<unknown> {
    return this.post('/v1/tickets/analyze', body, call);
  }

  /** POST /v1/transactions/score: anomaly score (0–100), severity and explanation of one payment or a batch. */
  scoreTransactions(body: TransactionRequest, call?: CallOptions): Promise<Single<TransactionResult>>;
  scoreTransactions(body: TransactionBatchRequest, call?: CallOptions): Promise<Batch<TransactionResult>>;
  scoreTransactions(body: TransactionRequest | TransactionBatchRequest, call?: CallOptions): Promise<unknown> {
    return this.post('/v1/transactions/score', body, call);
  }

  /** POST /v1/pipelines/{name}/process: events through a processor chain named under api.pipelines. */
  process(name: string, body: ProcessRequest, call?: CallOptions): Promise<Single<ProcessedEvent>>;
  process(name: string, body: ProcessBatchRequest, call?: CallOptions): Promise<Batch<ProcessedEvent>>;
  process(name: string, body: ProcessRequest | ProcessBatchRequest, call?: CallOptions): Promise<unknown> {
    return this.post(`/v1/pipelines/${encodeURIComponent(name)}/process`, body, call);
  }

  /** GET /v1/models: every processor with models, its versions, candidate roll-out state and comparison figures. */
  models(call?: CallOptions): Promise<ModelsAnswer> {
    return this.request('GET', '/v1/models', undefined, call) as Promise<ModelsAnswer>;
  }

  /** GET /v1/models/{processor}: one processor's models. */
  model(processor: string, call?: CallOptions): Promise<ModelStatus> {
    return this.request('GET', `/v1/models/${encodeURIComponent(processor)}`, undefined, call) as Promise<ModelStatus>;
  }

  /** POST /v1/models/{processor}/promote: the candidate serves every event (kept across restarts). */
  promote(processor: string, call?: CallOptions): Promise<ModelStatus> {
    return this.request('POST', `/v1/models/${encodeURIComponent(processor)}/promote`, undefined, call) as Promise<ModelStatus>;
  }

  /** POST /v1/models/{processor}/rollback: the current model serves every event, the candidate stops (kept across restarts). */
  rollback(processor: string, call?: CallOptions): Promise<ModelStatus> {
    return this.request('POST', `/v1/models/${encodeURIComponent(processor)}/rollback`, undefined, call) as Promise<ModelStatus>;
  }

  /** GET /openapi.json: the API's OpenAPI 3.1 document. */
  openApi(call?: CallOptions): Promise<Record<string, unknown>> {
    return this.request('GET', '/openapi.json', undefined, call) as Promise<Record<string, unknown>>;
  }

  private post(route: string, body: unknown, call?: CallOptions): Promise<unknown> {
    return this.request('POST', route, body, call);
  }

  private async request(method: string, route: string, body: unknown, call?: CallOptions): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.options.token !== undefined) headers.authorization = `Bearer ${this.options.token}`;
    const signals = [call?.signal, this.options.timeoutMs === undefined ? undefined : AbortSignal.timeout(this.options.timeoutMs)].filter((s): s is AbortSignal => s !== undefined);
    let response: Response;
    try {
      response = await this.fetch(`${this.baseUrl}${route}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signals.length === 0 ? {} : { signal: signals.length === 1 ? signals[0] : AbortSignal.any(signals) }),
      });
    } catch (error) {
      throw new SidecarApiError('NETWORK', `${method} ${this.baseUrl}${route}: ${error instanceof Error ? error.message : String(error)}`, 0, undefined, undefined, { cause: error });
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (response.ok) {
      if (parsed === undefined) throw new SidecarApiError('INVALID_RESPONSE', `${method} ${route}: the answer is not JSON`, response.status);
      return parsed;
    }
    const retry = response.headers.get('retry-after');
    const seconds = retry === null || retry === '' || Number.isNaN(Number(retry)) ? undefined : Number(retry);
    const error = (parsed as { error?: { code?: unknown; message?: unknown; path?: unknown } } | undefined)?.error;
    throw new SidecarApiError(
      typeof error?.code === 'string' ? error.code : `HTTP_${response.status}`,
      typeof error?.message === 'string' ? error.message : `${method} ${route}: HTTP ${response.status} ${text.slice(0, 200)}`,
      response.status,
      seconds,
      typeof error?.path === 'string' ? error.path : undefined,
    );
  }
}
