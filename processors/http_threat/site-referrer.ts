/**
 * Whether a request's Referer points away from the site, for the detectors that fire only then (a session
 * id in the URL: a link planted elsewhere arrives with no Referer or a foreign one, the site's own pages send
 * their own address). The site is known from the configured hosts and from the request's own host when the
 * log holds it (nginx `$host`, Apache `%v`); without either, a Referer cannot be told apart from the site's
 * own and counts as on-site.
 */
import { hostWithoutPort, type FieldValue } from '../../agent/kit.js';

/** Scheme, optional user info, then the host (a bracketed IPv6 literal or up to the port, path, query or fragment). */
const URL_HOST = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i;

export const isPresent = (value: FieldValue | undefined): value is string => typeof value === 'string' && value !== '' && value !== '-';

/** The host name of a URL, lower case, undefined when the value is not an absolute URL. */
export function urlHost(value: string): string | undefined {
  const host = URL_HOST.exec(value)?.[1];
  return host === undefined || host === '' ? undefined : host.toLowerCase();
}


/** The host itself or one of its subdomains (`www.shop.example` belongs to `shop.example`). */
const within = (host: string, site: string): boolean => host === site || (host.endsWith(site) && host.charCodeAt(host.length - site.length - 1) === 46 /* . */);

export class SiteReferrer {
  private readonly siteHosts: readonly string[];

  constructor(siteHosts: readonly string[]) {
    this.siteHosts = siteHosts.flatMap((host) => hostWithoutPort(host) ?? []);
  }

  /**
   * True for a request without a Referer, or with one whose host is outside the site (the configured hosts
   * and the request's own host). A Referer that is not an absolute URL, or one that cannot be checked
   * because no site host is known, is taken as on-site.
   */
  isOffSite(referrer: FieldValue | undefined, requestHost: FieldValue | undefined): boolean {
    if (!isPresent(referrer)) return true;
    const from = urlHost(referrer);
    if (from === undefined) return false;
    const own = isPresent(requestHost) ? hostWithoutPort(requestHost) : undefined;
    if (own === undefined && this.siteHosts.length === 0) return false;
    if (own !== undefined && within(from, own)) return false;
    return !this.siteHosts.some((site) => within(from, site));
  }
}
