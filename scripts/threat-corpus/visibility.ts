/**
 * Whether a test request's payload would show in an access log. A combined-format log keeps the request line
 * (method, path and query), the User-Agent and the Referer; it drops the body and every other header. So a
 * request counts as visible when nothing outside those fields carries anything unusual: no body, no raw
 * encoded request, and only stock headers (Host, Accept…) with plain values. This is a heuristic over the
 * request, not over the rule's matched variable: a test whose attack is in the query but which also sends a
 * Cookie header counts as not visible, which keeps the visible set conservative.
 */
import type { FtwInput } from './ftw.js';

export type PayloadField = 'uri' | 'user_agent' | 'referer' | 'body' | 'raw_request' | 'other_headers';

/** Headers that hold no payload in CRS tests when their value is plain (the body, if any, counts on its own). */
const STOCK_HEADERS = new Set(['host', 'accept', 'accept-language', 'accept-encoding', 'accept-charset', 'connection', 'cache-control', 'pragma', 'keep-alive', 'proxy-connection', 'upgrade-insecure-requests', 'content-length', 'content-type']);
/** Host names, media-type lists with q-values, encodings, numbers: nothing an injection needs. */
const PLAIN_VALUE = /^[\w\s.,;=*/+:-]*$/;
/** The User-Agent strings CRS tests send when the agent is not the payload. */
const STOCK_AGENTS = new Set(['OWASP CRS test agent', 'OWASP ModSecurity Core Rule Set', 'ModSecurity CRS 3 Tests']);
/** Paths the tests use as a neutral target. */
const PLAIN_PATH = /^\/[\w./-]*$/;

export interface Visibility {
  /** The fields holding something other than stock values. */
  payloadIn: PayloadField[];
  /** True when every such field is one an access log records. */
  logVisible: boolean;
}

function header(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

export function accessLogVisibility(input: FtwInput): Visibility {
  const headers = input.headers ?? {};
  const payloadIn: PayloadField[] = [];
  const uri = input.uri ?? '/';
  if (uri.includes('?') || !PLAIN_PATH.test(uri) || uri.includes('..')) payloadIn.push('uri');
  const agent = header(headers, 'user-agent');
  if (agent !== undefined && !STOCK_AGENTS.has(agent)) payloadIn.push('user_agent');
  if (header(headers, 'referer') !== undefined) payloadIn.push('referer');
  if (input.data !== undefined && input.data !== '') payloadIn.push('body');
  if (input.encoded_request !== undefined) payloadIn.push('raw_request');
  const unusual = Object.entries(headers).some(([name, value]) => {
    const lower = name.toLowerCase();
    if (lower === 'user-agent' || lower === 'referer') return false;
    return !STOCK_HEADERS.has(lower) || !PLAIN_VALUE.test(value);
  });
  if (unusual) payloadIn.push('other_headers');
  const logVisible = !payloadIn.some((field) => field === 'body' || field === 'raw_request' || field === 'other_headers');
  return { payloadIn, logVisible };
}
