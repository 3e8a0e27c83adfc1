/**
 * Which request methods a site serves. Like CRS's `allowed_methods` (rule 911100) and nginx's `limit_except`,
 * a method outside the list is reported; without a list, every method registered for HTTP is allowed (the
 * IANA registry, WebDAV's included), so only methods nobody defined (`FOO`, `TRACK`, a scanner's probe) are.
 * Methods are case-sensitive (RFC 9110), so `get` is not `GET`.
 */

export const METHOD_DETECTOR = 'protocol-method-not-allowed';

/** The IANA HTTP Method Registry. */
const REGISTERED_METHODS = [
  'ACL', 'BASELINE-CONTROL', 'BIND', 'CHECKIN', 'CHECKOUT', 'CONNECT', 'COPY', 'DELETE', 'GET', 'HEAD', 'LABEL', 'LINK', 'LOCK',
  'MERGE', 'MKACTIVITY', 'MKCALENDAR', 'MKCOL', 'MKREDIRECTREF', 'MKWORKSPACE', 'MOVE', 'OPTIONS', 'ORDERPATCH', 'PATCH', 'POST',
  'PRI', 'PROPFIND', 'PROPPATCH', 'PUT', 'QUERY', 'REBIND', 'REPORT', 'SEARCH', 'TRACE', 'UNBIND', 'UNCHECKOUT', 'UNLINK', 'UNLOCK',
  'UPDATE', 'UPDATEREDIRECTREF', 'VERSION-CONTROL',
];

export class MethodPolicy {
  private readonly allowed: ReadonlySet<string>;

  /** `allowed`: the site's methods; undefined allows every registered one. */
  constructor(allowed: readonly string[] | undefined) {
    this.allowed = new Set(allowed ?? REGISTERED_METHODS);
  }

  /** Whether a request with this method is reported; a missing method (`-`, a line without one) is not. */
  isReported(method: unknown): method is string {
    return typeof method === 'string' && method !== '' && method !== '-' && !this.allowed.has(method);
  }
}
