/**
 * The pure part of the proxy checks: the ECS event a proxy's check request stands for (from the headers
 * nginx auth_request or Envoy ext_authz send), the verdict on the event once the chain ran, and the
 * X-Threat-* headers the proxy can log or pass on.
 */
import { isIP } from 'node:net';
import { getField, type LogEvent } from '../event.js';
import { hostWithoutPort } from '../http-host.js';

/** Headers as node parses them: repeated ones are arrays. */
export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** The original request as the proxy describes it. */
export interface OriginalRequest {
  /** Path and query as the client sent them. */
  readonly uri: string;
  readonly method: string;
  /** The Host it was sent to, when the proxy says (it goes to url.domain, as `$host` in an access log). */
  readonly host?: string | undefined;
}

export type CheckFailure = 'timeout' | 'busy' | 'unavailable' | 'processor_error' | 'bad_request';

export type Verdict = { readonly decision: 'allow' | 'deny'; readonly event: LogEvent } | { readonly decision: 'error'; readonly failure: CheckFailure; readonly detail: string };

/** Reasons are detector ids; a long list is cut so the header stays well under proxies' header-size limits. */
const MAX_REASONS_LENGTH = 200;

export function header(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first;
}

/** nginx auth_request: the original target and method come in X-Original-URI and X-Original-Method. */
export function nginxOriginal(headers: RequestHeaders): OriginalRequest | undefined {
  const uri = header(headers, 'x-original-uri');
  if (uri === undefined) return undefined;
  return { uri, method: (header(headers, 'x-original-method') ?? 'GET').toUpperCase(), host: header(headers, 'x-original-host') ?? header(headers, 'x-forwarded-host') };
}

/** Envoy ext_authz: the check request's own method, path (after the route prefix) and Host are the original ones. */
export function envoyOriginal(method: string, url: string, prefix: string, host?: string): OriginalRequest {
  const rest = url.startsWith(prefix) ? url.slice(prefix.length) : url;
  return { uri: rest.startsWith('/') ? rest : `/${rest}`, method: method.toUpperCase(), host };
}


/**
 * The client's address: the first X-Forwarded-For entry (the client as the first proxy saw it), else
 * X-Real-IP; a value that is not an IP address is left out rather than written into source.ip.
 */
export function clientIp(headers: RequestHeaders): string | undefined {
  const forwarded = header(headers, 'x-forwarded-for')?.split(',')[0]?.trim();
  for (const candidate of [forwarded, header(headers, 'x-real-ip')?.trim()]) {
    if (candidate !== undefined && isIP(candidate) !== 0) return candidate;
  }
  return undefined;
}

/** The event the processors see: the fields an access-log parser would have written for this request. */
export function checkEvent(original: OriginalRequest, headers: RequestHeaders, now = new Date()): LogEvent {
  const event: LogEvent = {
    '@timestamp': now.toISOString(),
    message: `${original.method} ${original.uri}`,
    url: { original: original.uri },
    http: { request: { method: original.method } },
    event: { kind: 'event', category: ['web'], type: ['access'] },
  };
  const userAgent = header(headers, 'user-agent');
  if (userAgent !== undefined) event['user_agent'] = { original: userAgent };
  const referrer = header(headers, 'referer');
  if (referrer !== undefined) (event['http'] as { request: Record<string, string> }).request['referrer'] = referrer;
  const ip = clientIp(headers);
  if (ip !== undefined) event['source'] = { ip };
  const domain = original.host === undefined ? undefined : hostWithoutPort(original.host);
  if (domain !== undefined) (event['url'] as Record<string, string>)['domain'] = domain;
  return event;
}

/** Deny an alert; a processor failure (the stage tags the event) cannot decide, so the policy answers. */
export function verdictOf(event: LogEvent): Verdict {
  if (event.tags?.includes('processor_error')) {
    const message = getField(event, 'error.message');
    return { decision: 'error', failure: 'processor_error', detail: typeof message === 'string' ? message : 'a processor failed' };
  }
  return { decision: getField(event, 'event.kind') === 'alert' ? 'deny' : 'allow', event };
}

/** X-Threat-Score, -Severity and -Reasons: plain tokens, safe in a header and in an nginx log line. */
export function threatHeaders(event: LogEvent): Record<string, string> {
  const score = getField(event, 'threat.score');
  const out: Record<string, string> = { 'x-threat-score': typeof score === 'number' ? String(score) : '0' };
  const severity = getField(event, 'threat.severity');
  if (typeof severity === 'string') out['x-threat-severity'] = token(severity);
  const reasons = getField(event, 'threat.reasons');
  if (Array.isArray(reasons)) {
    const ids = [...new Set(reasons.map((r) => (r !== null && typeof r === 'object' && !Array.isArray(r) && typeof r['detector'] === 'string' ? token(r['detector']) : '')).filter((id) => id !== ''))];
    let joined = '';
    for (const id of ids) {
      if (joined.length + id.length + 1 > MAX_REASONS_LENGTH) break;
      joined = joined === '' ? id : `${joined},${id}`;
    }
    if (joined !== '') out['x-threat-reasons'] = joined;
  }
  return out;
}

function token(value: string): string {
  return value.replace(/[^A-Za-z0-9_.:-]/g, '_');
}
