/**
 * Access-log traffic of many clients over simulated time, for http_threat's behaviour part: ordinary visitors
 * browsing the generated shop (shop-traffic.ts) in sessions with think time, page assets, the odd 404, 5xx
 * and mistyped password; offices with many visitors behind one address; search-engine crawlers. Into it go
 * abusive clients, from `abuseFrom` on: brute force on the login route, credential stuffing (many usernames,
 * a few attempts per address, from many addresses), path scanners, floods of ordinary pages and clients
 * whose requests keep failing. Each line is an nginx combined line; the user (remote_user) is filled on login
 * requests only, as basic-auth logins log it. Deterministic for a seed.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { PROBE_PATHS } from '../../processors/http_threat/behaviour/probe-paths.js';
import { generateShopTraffic, type ShopRequest } from './shop-traffic.js';

export const NORMAL_KINDS = ['visitor', 'office', 'crawler'] as const;
export const ABUSE_KINDS = ['brute_force', 'credential_stuffing', 'scanning', 'flood', 'errors'] as const;
export type ClientKind = (typeof NORMAL_KINDS)[number] | (typeof ABUSE_KINDS)[number];

export const LOGIN_PATH = '/account/login';

export interface ClientRequest {
  /** ms since the start of the simulation. */
  t: number;
  ip: string;
  method: string;
  uri: string;
  status: number;
  userAgent: string;
  referer: string | undefined;
  user: string | undefined;
}

export interface TrafficOptions {
  seed: number;
  /** Simulated length, ms. */
  durationMs: number;
  visitors: number;
  offices: number;
  crawlers: number;
  /** Abusive clients per kind (credential stuffing: addresses of one campaign). */
  abusers: Readonly<Record<(typeof ABUSE_KINDS)[number], number>>;
  /** When the abuse starts (ms), so that it meets a forest that has warmed up. */
  abuseFrom: number;
  /**
   * A real scanner's paths in its order (dirsearch's default scan): each scanner walks them from a random
   * place. Without them, scanners mix the probe list with made-up names.
   */
  scannerPaths?: readonly string[];
}

export interface ClientTraffic {
  requests: ClientRequest[];
  /** Kind of each client address. */
  kinds: Map<string, ClientKind>;
}

const SHOP_POOL = 3000;

export function generateClientTraffic(options: TrafficOptions): ClientTraffic {
  const rng = xoroshiro128plus(options.seed);
  const walkRng = xoroshiro128plus(options.seed + 1);
  const random = () => uniformFloat64(rng);
  const int = (min: number, max: number) => uniformInt(rng, min, max);
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
  const exp = (mean: number) => -Math.log(1 - random()) * mean;
  const shop = generateShopTraffic(SHOP_POOL, options.seed + 1);
  const pages = shop.filter((r) => !r.kind.startsWith('static') && !r.kind.endsWith(':bot'));
  const assets = shop.filter((r) => r.kind === 'static');
  const botPages = shop.filter((r) => r.kind.endsWith(':bot'));
  const requests: ClientRequest[] = [];
  const kinds = new Map<string, ClientKind>();
  let next = 0;
  const address = (kind: ClientKind) => {
    const n = next++;
    const ip = `${kind === 'visitor' || kind === 'office' || kind === 'crawler' ? 10 : 203}.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
    kinds.set(ip, kind);
    return ip;
  };
  const add = (t: number, ip: string, r: Pick<ShopRequest, 'method' | 'uri' | 'user_agent' | 'referer'>, status: number, user?: string) => {
    if (t < options.durationMs) requests.push({ t: Math.floor(t), ip, method: r.method, uri: r.uri, status, userAgent: r.user_agent, referer: r.referer, user });
  };
  const ordinaryStatus = () => {
    const roll = random();
    return roll < 0.02 ? 404 : roll < 0.023 ? pick([500, 502, 503]) : roll < 0.03 ? 400 : 200;
  };

  /** One visitor session from `start`: pages with think time, each with a few assets, sometimes a login. */
  const session = (ip: string, start: number, userAgent: string, user: string) => {
    let t = start;
    const views = int(3, 25);
    const loginAt = random() < 0.15 ? int(0, views - 1) : -1;
    for (let v = 0; v < views; v++) {
      if (v === loginAt) {
        const failures = random() < 0.2 ? int(1, 2) : 0;
        for (let f = 0; f <= failures; f++) {
          add(t, ip, { method: 'POST', uri: LOGIN_PATH, user_agent: userAgent, referer: 'https://shop.example.com/account/login' }, f < failures ? 401 : 302, user);
          t += exp(6000);
        }
      }
      const page = pick(pages);
      add(t, ip, { ...page, user_agent: userAgent }, ordinaryStatus());
      for (let a = int(0, 4); a > 0; a--) add(t + int(50, 1500), ip, { ...pick(assets), user_agent: userAgent }, random() < 0.3 ? 304 : 200);
      t += exp(20_000);
    }
    return t;
  };

  for (let c = 0; c < options.visitors; c++) {
    const ip = address('visitor');
    const userAgent = pick(pages).user_agent;
    for (let s = int(1, 3); s > 0; s--) session(ip, random() * options.durationMs, userAgent, `user${c}`);
  }
  for (let c = 0; c < options.offices; c++) {
    const ip = address('office');
    for (let s = int(20, 60); s > 0; s--) session(ip, random() * options.durationMs, pick(pages).user_agent, `staff${c}-${s}`);
  }
  for (let c = 0; c < options.crawlers; c++) {
    const ip = address('crawler');
    const userAgent = pick(botPages).user_agent;
    const rate = 0.3 + random() * 1.2;
    for (let t = random() * options.durationMs * 0.5; t < options.durationMs; t += exp(1000 / rate)) {
      const page = pick(botPages);
      add(t, ip, { ...page, user_agent: userAgent, referer: undefined }, random() < 0.03 ? 404 : 200);
    }
  }

  const abuseStart = () => options.abuseFrom + random() * (options.durationMs - options.abuseFrom) * 0.3;
  const tool = ['python-requests/2.32.3', 'Go-http-client/1.1', 'curl/8.5.0', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'];
  const { abusers } = options;
  for (let c = 0; c < abusers.brute_force; c++) {
    const ip = address('brute_force');
    const userAgent = pick(tool);
    const user = pick(['admin', 'root', `user${int(0, options.visitors)}`]);
    const rate = 0.5 + random() * 2.5;
    const start = abuseStart();
    for (let t = start; t < start + 240_000; t += exp(1000 / rate)) add(t, ip, { method: 'POST', uri: LOGIN_PATH, user_agent: userAgent, referer: undefined }, random() < 0.97 ? 401 : 429, user);
  }
  // One campaign: many addresses, each trying a few stolen username/password pairs a minute.
  const campaignStart = abuseStart();
  for (let c = 0; c < abusers.credential_stuffing; c++) {
    const ip = address('credential_stuffing');
    const userAgent = pick(tool);
    for (let t = campaignStart + random() * 30_000; t < campaignStart + 600_000; t += exp(12_000)) {
      add(t, ip, { method: 'POST', uri: LOGIN_PATH, user_agent: userAgent, referer: undefined }, random() < 0.9 ? 401 : 302, `victim${int(0, 1_000_000)}@mail.example`);
    }
  }
  for (let c = 0; c < abusers.scanning; c++) {
    const ip = address('scanning');
    const userAgent = pick(tool);
    const rate = 2 + random() * 8;
    const start = abuseStart();
    // A walk starts from a draw of its own generator, and the made-up path is drawn even when unused, so that
    // every other client's traffic is the same with or without a walk.
    const walk = options.scannerPaths;
    let next = walk === undefined ? 0 : uniformInt(walkRng, 0, walk.length - 1);
    for (let t = start; t < start + 180_000; t += exp(1000 / rate)) {
      const probe = random() < 0.5;
      const made = probe ? `${random() < 0.3 ? `/${pick(['app', 'old', 'backup', 'api', 'v1'])}` : ''}${pick(PROBE_PATHS)}` : `/${pick(['admin', 'test', 'dev', 'old', 'tmp', 'api', 'files'])}${int(0, 9999)}.${pick(['php', 'bak', 'zip', 'sql', 'asp'])}`;
      const uri = walk === undefined ? made : (walk[next++ % walk.length] as string);
      add(t, ip, { method: 'GET', uri, user_agent: userAgent, referer: undefined }, random() < 0.9 ? 404 : pick([403, 200, 301]));
    }
  }
  for (let c = 0; c < abusers.flood; c++) {
    const ip = address('flood');
    const userAgent = pick(tool);
    const rate = 10 + random() * 30;
    const start = abuseStart();
    for (let t = start; t < start + 120_000; t += exp(1000 / rate)) add(t, ip, { ...pick(pages), user_agent: userAgent, referer: undefined }, random() < 0.98 ? 200 : 503);
  }
  for (let c = 0; c < abusers.errors; c++) {
    const ip = address('errors');
    const userAgent = pick(tool);
    const rate = 0.5 + random() * 1.5;
    const start = abuseStart();
    for (let t = start; t < start + 240_000; t += exp(1000 / rate)) {
      add(t, ip, { method: 'POST', uri: pick(['/api/v1/cart', '/graphql', '/api/v1/checkout']), user_agent: userAgent, referer: undefined }, random() < 0.7 ? pick([500, 502]) : pick([400, 422]));
    }
  }
  requests.sort((a, b) => a.t - b.t);
  return { requests, kinds };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** The request as an nginx combined line, `epochMs` being the simulation's start. */
export function combinedLine(r: ClientRequest, epochMs: number): string {
  const d = new Date(epochMs + r.t);
  const time = `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
  return `${r.ip} - ${r.user ?? '-'} [${time}] "${r.method} ${r.uri} HTTP/1.1" ${r.status} ${r.status === 304 ? 0 : 1024} "${r.referer ?? '-'}" "${r.userAgent}"`;
}
