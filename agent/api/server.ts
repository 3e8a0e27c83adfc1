/**
 * The local HTTP API (fastify): the application beside the agent asks it for a ticket's tags or a payment's
 * score before it acts. It runs the agent's own processor instances, so API items join the same inference
 * batches as log events; admission bounds keep either path from starving the other. The model routes show,
 * promote and roll back the processors' candidate models. Every error answer has the body
 * `{ error: { code, message, path? } }` with a code from the error registry.
 */
import { existsSync, lstatSync, unlinkSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { ApiConfig } from '../../config/api-schema.js';
import { ERROR_CODES, errorMessage, SidecarError, type ErrorCode } from '../errors.js';
import type { Registry } from '../telemetry/metrics.js';
import { Admission } from './admission.js';
import { ApiHandlers, type Answer, type HandlerDeps } from './handlers.js';
import { CHECK_ROUTES, HttpCheckRoutes } from './http-check.js';
import { apiMetrics, type ApiMetrics } from './metrics.js';
import { openApiDocument } from './openapi.js';
import { processRequest, ticketsRequest, transactionsRequest, type BodyOf, type BodySchemas } from './schemas.js';
import { tokenCheck } from './token.js';

export interface ApiServerDeps extends HandlerDeps {
  readonly configDir: string;
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly version: string;
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  API_BAD_REQUEST: 400,
  API_UNAUTHORIZED: 401,
  API_NOT_FOUND: 404,
  MODEL_NO_CANDIDATE: 409,
  API_BODY_TOO_LARGE: 413,
  API_BUSY: 429,
  API_TIMEOUT: 503,
  API_UNAVAILABLE: 503,
};

/** Seconds a refused client should wait: long enough for a batch or two to go through. */
const RETRY_AFTER_SECONDS = 1;

export class ApiServer {
  private readonly app: FastifyInstance;
  private readonly admission: Admission;
  private readonly handlers: ApiHandlers;
  private readonly metrics: ApiMetrics;
  private readonly checks: HttpCheckRoutes;
  private stopping = false;
  /** False until the agent's processors are built (models loaded): requests get 503 meanwhile. */
  private opened = false;
  /** Requests whose response has not closed yet; close() waits for them before it cuts connections. */
  private inFlight = 0;
  private idle: (() => void) | undefined;
  /** Where it listens, for logs and tests: `host:port` or the socket path. */
  address = '';

  constructor(
    private readonly config: ApiConfig,
    private readonly deps: ApiServerDeps,
  ) {
    const authorized = tokenCheck(config.token, deps.configDir);
    this.admission = new Admission(config.max_concurrent_requests, config.max_queued_requests);
    this.handlers = new ApiHandlers(deps);
    this.metrics = apiMetrics(deps.metrics);
    this.checks = new HttpCheckRoutes({ config, admission: this.admission, metrics: this.metrics, logger: deps.logger, check: (event) => this.handlers.check(event), deliver: (events) => deps.deliver(events) });
    this.app = Fastify({ bodyLimit: config.body_limit, logger: false, forceCloseConnections: true });
    this.app.addHook('onRequest', async (request, reply) => {
      this.inFlight++;
      reply.raw.once('close', () => {
        this.inFlight--;
        if (this.inFlight === 0) this.idle?.();
      });
      if (CHECK_ROUTES.has(routeOf(request))) {
        // A proxy treats a 503 as its own failure: the token still applies, and a check that cannot run answers the on_error policy.
        if (!authorized(request.headers.authorization)) return this.refuse(reply, request, 'unauthorized', new SidecarError('API_UNAUTHORIZED', 'missing or wrong bearer token (Authorization: Bearer <token>)'));
        if (this.stopping || !this.opened) return this.checks.fail(request, reply, 'unavailable', this.stopping ? 'the agent is stopping' : 'the agent is starting: models are loading');
        return undefined;
      }
      if (this.stopping) return this.refuse(reply, request, 'unavailable', new SidecarError('API_UNAVAILABLE', 'the agent is stopping'));
      if (!this.opened && request.url.startsWith('/v1/')) return this.refuse(reply, request, 'unavailable', new SidecarError('API_UNAVAILABLE', 'the agent is starting: models are loading'));
      if (!authorized(request.headers.authorization)) return this.refuse(reply, request, 'unauthorized', new SidecarError('API_UNAUTHORIZED', 'missing or wrong bearer token (Authorization: Bearer <token>)'));
      return undefined;
    });
    this.app.addHook('onResponse', async (request, reply) => {
      this.metrics.observe(routeOf(request), reply.statusCode, reply.elapsedTime / 1000);
    });
    this.app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _request, reply) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return send(reply, new SidecarError('API_BODY_TOO_LARGE', `request body over api.body_limit (${config.body_limit} bytes)`));
      if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return send(reply, new SidecarError('API_BAD_REQUEST', error.message));
      if (error instanceof SidecarError && STATUS[error.code] !== undefined) return send(reply, error);
      deps.logger.error({ err: errorMessage(error) }, 'api: request failed');
      return send(reply, error instanceof SidecarError ? error : new SidecarError('INTERNAL', errorMessage(error)));
    });
    this.app.setNotFoundHandler((request, reply) => send(reply, new SidecarError('API_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`)));
    this.app.get('/openapi.json', async () => openApiDocument(deps.version));
    this.app.post<{ Params: { name: string } }>('/v1/pipelines/:name/process', (request, reply) =>
      this.handle(request, reply, processRequest, (body) => this.handlers.process(request.params.name, body)),
    );
    this.app.post('/v1/tickets/analyze', (request, reply) => this.handle(request, reply, ticketsRequest, (body) => this.handlers.tickets(body)));
    this.app.post('/v1/transactions/score', (request, reply) => this.handle(request, reply, transactionsRequest, (body) => this.handlers.transactions(body)));
    this.checks.register(this.app);
    // Model roll-outs: cheap and rare, so outside the admission bounds of the processing routes.
    this.app.get('/v1/models', async () => this.handlers.models());
    this.app.get<{ Params: { processor: string } }>('/v1/models/:processor', async (request) => this.handlers.model(request.params.processor));
    this.app.post<{ Params: { processor: string } }>('/v1/models/:processor/promote', (request) => this.handlers.promote(request.params.processor));
    this.app.post<{ Params: { processor: string } }>('/v1/models/:processor/rollback', (request) => this.handlers.rollback(request.params.processor));
  }

  async listen(): Promise<string> {
    const { listen } = this.config;
    try {
      if (listen.startsWith('unix:')) {
        const socket = listen.slice('unix:'.length);
        // A socket file left by a killed agent would make the bind fail; anything else at the path is kept (the bind fails).
        if (existsSync(socket) && lstatSync(socket).isSocket()) unlinkSync(socket);
        await this.app.listen({ path: socket });
        this.address = socket;
      } else {
        const colon = listen.lastIndexOf(':');
        await this.app.listen({ host: listen.slice(0, colon).replace(/^\[|\]$/g, '') || '127.0.0.1', port: Number(listen.slice(colon + 1)) });
        const bound = this.app.server.address() as AddressInfo;
        this.address = `${bound.address}:${bound.port}`;
      }
    } catch (error) {
      throw new SidecarError('API_LISTEN', `api.listen ${listen}: ${errorMessage(error)}`, { cause: error });
    }
    return this.address;
  }

  /** The processors are built: requests are served from now on. */
  open(): void {
    this.opened = true;
  }

  /** New requests get 503 from now on; requests in flight still get their answers. */
  beginStopping(): void {
    this.stopping = true;
  }

  async close(): Promise<void> {
    this.stopping = true;
    // forceCloseConnections destroys every open connection, so first let the requests in flight be answered:
    // each one ends within request_timeout (with its answer or a 503).
    if (this.inFlight > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => (this.idle = resolve)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, this.config.request_timeout + 1000))),
      ]);
      clearTimeout(timer);
    }
    await this.app.close();
    this.checks.flushWarnings();
  }

  private async handle<R extends BodySchemas<z.ZodType, z.ZodType>, T>(request: FastifyRequest, reply: FastifyReply, schemas: R, work: (body: BodyOf<R>) => Promise<Answer<T>>): Promise<unknown> {
    const batch = request.body !== null && typeof request.body === 'object' && schemas.batchKey in request.body;
    const parsed = (batch ? schemas.batch : schemas.single).safeParse(request.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const at = issue?.path.map(String).join('.') ?? '';
      return send(reply, new SidecarError('API_BAD_REQUEST', `${at === '' ? 'body' : at}: ${issue?.message ?? 'invalid'}`), at);
    }
    const entered = this.admission.enter();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), this.config.request_timeout)));
    try {
      const release = await Promise.race([entered, timedOut]);
      if (release === 'timeout') {
        this.admission.abandon(entered);
        return this.refuse(reply, request, 'timeout', new SidecarError('API_TIMEOUT', `not answered within api.request_timeout (${this.config.request_timeout} ms)`));
      }
      if (release === undefined) return this.refuse(reply, request, 'busy', new SidecarError('API_BUSY', `${this.config.max_queued_requests} requests are already waiting`));
      // The work holds its admission until it ends, even when its answer timed out: the bound stays true.
      const running = work(parsed.data as BodyOf<R>).finally(release);
      const outcome = await Promise.race([running, timedOut]);
      if (outcome === 'timeout') {
        running.catch(() => undefined);
        return this.refuse(reply, request, 'timeout', new SidecarError('API_TIMEOUT', `not answered within api.request_timeout (${this.config.request_timeout} ms)`));
      }
      const extra = outcome.acknowledged === undefined ? {} : { acknowledged: outcome.acknowledged };
      return reply.send(outcome.single ? { ...(outcome.results[0] as object), ...extra } : { results: outcome.results, ...extra });
    } finally {
      clearTimeout(timer);
    }
  }

  private refuse(reply: FastifyReply, request: FastifyRequest, reason: 'busy' | 'timeout' | 'unauthorized' | 'unavailable', error: SidecarError): FastifyReply {
    this.metrics.refused(routeOf(request), reason);
    return send(reply, error);
  }
}

function send(reply: FastifyReply, error: SidecarError, path?: string): FastifyReply {
  const status = STATUS[error.code] ?? 500;
  if (ERROR_CODES[error.code].retriable) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return reply.code(status).send({ error: { code: error.code, message: error.message, ...(path === undefined || path === '' ? {} : { path }) } });
}

function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? 'unknown';
}
