/**
 * Turns a payload into an access-log request the way an attacker's tool sends it: most often as the value
 * of a query parameter (percent-encoded, or with `+` for spaces), sometimes as a path segment or as the
 * User-Agent. Deterministic for a seed, so the extra examples file is the same every time it is built.
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface ExtraExample {
  readonly label: 'attack' | 'benign';
  readonly class: string | null;
  readonly method: string;
  readonly uri: string;
  readonly user_agent?: string;
  /** Which registry package the row comes from, for reading the file. */
  readonly source: string;
}

const PATHS = ['/search', '/product.php', '/index.php', '/api/items', '/news/view', '/user/profile', '/catalog/list.aspx', '/cgi-bin/show.pl', '/page', '/download'];
const PARAMS = ['id', 'q', 'cat', 'page', 'name', 'item', 'search', 'file', 'user', 'sort', 'ref', 'lang'];
const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/**
 * Percent-encodes as HTTP libraries do (Python's quote: quotes and parentheses too), with space as `+` (a
 * form) or `%20`, keeping `, : /` raw as most tools leave them.
 */
export function encodeValue(value: string, plus: boolean): string {
  const encoded = encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2C/g, ',')
    .replace(/%3A/g, ':')
    .replace(/%2F/g, '/');
  return plus ? encoded.replace(/%20/g, '+') : encoded;
}

export function placer(seed: number): (payload: string, attackClass: string, source: string, where?: { userAgent: number }) => ExtraExample {
  const rng = xoroshiro128plus(seed);
  const next = (n: number) => uniformInt(rng, 0, n - 1);
  return (payload, attackClass, source, where = { userAgent: 0.1 }) => {
    const path = PATHS[next(PATHS.length)] as string;
    const param = PARAMS[next(PARAMS.length)] as string;
    const roll = next(100) / 100;
    if (roll < where.userAgent) return { label: 'attack', class: attackClass, method: 'GET', uri: `${path}?${param}=${1 + next(99)}`, user_agent: payload, source };
    if (roll < where.userAgent + 0.1) return { label: 'attack', class: attackClass, method: 'GET', uri: `${path}/${encodeValue(payload, false)}`, user_agent: BROWSER, source };
    // sqlmap and most scanners append the payload to an ordinary value.
    const original = next(2) === 0 ? String(1 + next(999)) : '';
    return { label: 'attack', class: attackClass, method: next(5) === 0 ? 'POST' : 'GET', uri: `${path}?${param}=${original}${encodeValue(payload, next(2) === 0)}`, user_agent: BROWSER, source };
  };
}
