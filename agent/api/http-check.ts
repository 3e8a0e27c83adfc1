/**
 * The proxy check routes: nginx `auth_request` (any method on /v1/http/check, the original request in
 * X-Original-* headers) and Envoy `ext_authz` (the original method and path under /v1/http/ext_authz/).
 * Each answers 200 (allow) or 403 (deny) with X-Threat-* headers. A proxy treats any other status as its own
 * failure, so a check that cannot decide (timeout, processor failure, queue full, agent not ready) answers
 * the configured on_error policy instead of the 429/503 the other routes use.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { ApiConfig } from '../../config/api-schema.js';
import { errorMessage, SidecarError } from '../errors.js';
import type { LogEvent } from '../event.js';
import type { Admission } from './admission.js';
import { checkEvent, envoyOriginal, header, nginxOriginal, threatHeaders, verdictOf, type CheckFailure, type OriginalRequest, type Verdict } from './http-check-event.js';
import type { ApiMetrics } from './metrics.js';
import { RepeatedWarning } from './repeated-warning.js';

export const NGINX_CHECK_ROUTE = '/v1/http/check';
export const ENVOY_CHECK_PREFIX = '/v1/http/ext_authz';
const ENVOY_CHECK_ROUTE = `${ENVOY_CHECK_PREFIX}/*`;
export const CHECK_ROUTES: ReadonlySet<string> = new Set([NGINX_CHECK_ROUTE, ENVOY_CHECK_ROUTE]);

export interface HttpCheckDeps {
  readonly config: ApiConfig;
  readonly admission: Admission;
  readonly metrics: ApiMetrics;
  readonly logger: Logger;
  check(event: LogEvent): Promise<LogEvent>;
  deliver(events: LogEvent[]): Promise<void>;
}

/** Undecided checks come in floods (a stalled chain, a full queue): one log line per kind per this interval, with a count. */
const UNDECIDED_LOG_INTERVAL_MS = 10_000;

export class HttpCheckRoutes {
  private readonly undecided: RepeatedWarning;

  constructor(private readonly deps: HttpCheckDeps) {
    this.undecided = new RepeatedWarning(deps.logger, 'api: proxy check could not decide; answered api.http_check.on_error', UNDECIDED_LOG_INTERVAL_MS);
  }

  /** The routes, in their own scope: check requests carry the client's Content-Type but no body, so no parser may insist on one. */
  register(app: FastifyInstance): void {
    void app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
      scope.all(NGINX_CHECK_ROUTE, (request, reply) => this.handle(request, reply, nginxOriginal(request.headers)));
      scope.all(ENVOY_CHECK_ROUTE, (request, reply) => this.handle(request, reply, envoyOriginal(request.method, request.url, ENVOY_CHECK_PREFIX, header(request.headers, 'host'))));
    });
  }

  /** Logs the undecided checks counted since their last log line (on close). */
  flushWarnings(): void {
    this.undecided.flush();
  }

  /** The answer when the check cannot run at all (agent starting or stopping); 503 when the route is not configured. */
  fail(request: FastifyRequest, reply: FastifyReply, failure: CheckFailure, detail: string): FastifyReply {
    return this.answer(request, reply, { decision: 'error', failure, detail });
  }

  private async handle(request: FastifyRequest, reply: FastifyReply, original: OriginalRequest | undefined): Promise<FastifyReply> {
    const config = this.deps.config.http_check;
    if (config === undefined) throw new SidecarError('API_UNAVAILABLE', 'api.http_check is not configured: list the processor ids the check runs');
    if (original === undefined) return this.fail(request, reply, 'bad_request', 'no X-Original-URI header: set proxy_set_header X-Original-URI $request_uri');
    const event = checkEvent(original, request.headers);
    return this.answer(request, reply, await this.decide(event, config.timeout));
  }

  /** Runs the chain within the timeout, waiting for admission like the other routes; never throws. */
  private async decide(event: LogEvent, timeout: number): Promise<Verdict> {
    const entered = this.deps.admission.enter();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeout)));
    const late: Verdict = { decision: 'error', failure: 'timeout', detail: `not decided within api.http_check.timeout (${timeout} ms)` };
    try {
      const release = await Promise.race([entered, timedOut]);
      if (release === 'timeout') {
        this.deps.admission.abandon(entered);
        return late;
      }
      if (release === undefined) return { decision: 'error', failure: 'busy', detail: `${this.deps.config.max_queued_requests} requests are already waiting` };
      // The chain holds its admission until it ends, even past the timeout: the concurrency bound stays true.
      const running = this.deps.check(event).finally(release);
      const outcome = await Promise.race([running.then(verdictOf), timedOut]);
      if (outcome === 'timeout') {
        running.catch(() => undefined);
        return late;
      }
      return outcome;
    } catch (error) {
      return { decision: 'error', failure: error instanceof SidecarError && error.code === 'API_UNAVAILABLE' ? 'unavailable' : 'processor_error', detail: errorMessage(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  private answer(request: FastifyRequest, reply: FastifyReply, verdict: Verdict): FastifyReply {
    const config = this.deps.config.http_check;
    if (config === undefined) throw new SidecarError('API_UNAVAILABLE', 'api.http_check is not configured: list the processor ids the check runs');
    const route = request.routeOptions.url ?? 'unknown';
    if (verdict.decision === 'error') {
      const decision = config.on_error;
      this.deps.metrics.decided(route, decision, verdict.failure);
      this.undecided.warn(verdict.failure, { failure: verdict.failure, detail: verdict.detail, decision });
      return reply
        .code(decision === 'allow' ? 200 : 403)
        .headers({ 'x-threat-decision': decision, 'x-threat-error': verdict.failure })
        .send({ decision, error: { failure: verdict.failure, message: verdict.detail } });
    }
    this.deps.metrics.decided(route, verdict.decision, 'verdict');
    // The proxy waits for this answer, so emitting does not wait for the outputs to acknowledge.
    if (config.emit) this.deps.deliver([verdict.event]).catch((error: unknown) => this.deps.logger.warn({ err: errorMessage(error) }, 'api: a checked request was not delivered to the outputs'));
    const headers = threatHeaders(verdict.event);
    return reply
      .code(verdict.decision === 'allow' ? 200 : 403)
      .headers({ ...headers, 'x-threat-decision': verdict.decision })
      .send({ decision: verdict.decision, score: Number(headers['x-threat-score']), severity: headers['x-threat-severity'], reasons: headers['x-threat-reasons']?.split(',') ?? [] });
  }
}
