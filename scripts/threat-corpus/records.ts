/**
 * One labelled request of the threat corpus, as written to .cache/threat-corpus/*.jsonl and read back by
 * the bench. Only method, uri, user_agent and referer are what a scorer of access logs may look at; the rest
 * is the label and where it came from.
 */
import { z } from 'zod';

import { ATTACK_CLASSES, attackClassOfRule } from './classes.js';
import type { FtwRequest } from './ftw.js';
import { SHOP_HOST, type ShopRequest } from './shop-traffic.js';
import type { Split } from './split.js';
import { accessLogVisibility } from './visibility.js';

export const CorpusRecord = z.object({
  id: z.string(),
  source: z.enum(['crs', 'shop']),
  split: z.enum(['train', 'eval']),
  label: z.enum(['attack', 'benign']),
  /** The attack class of the rule under test, also for that rule's benign tests; null for shop traffic. */
  class: z.enum(ATTACK_CLASSES).nullable(),
  method: z.string(),
  uri: z.string(),
  user_agent: z.string().optional(),
  referer: z.string().optional(),
  /** The Host header the request was sent with (a log with nginx `$host` or Apache `%v` holds it). */
  host: z.string().optional(),
  /** True when an access log would hold the payload (see visibility.ts); always true for shop traffic. */
  log_visible: z.boolean(),
  payload_in: z.array(z.enum(['uri', 'user_agent', 'referer', 'body', 'raw_request', 'other_headers'])),
  has_body: z.boolean(),
  /** Header names other than User-Agent and Referer, which an access log does not keep. */
  other_headers: z.array(z.string()),
  rule_id: z.number().int().optional(),
  test_id: z.number().int().optional(),
  expect_ids: z.array(z.number().int()),
  no_expect_ids: z.array(z.number().int()),
  /** Paranoia level of the rule under test: a level-1 peer is not meant to catch level-2+ tests. */
  paranoia_level: z.number().int().optional(),
  desc: z.string().optional(),
  /** For shop traffic: the kind of page (search, product:bot…). */
  kind: z.string().optional(),
});
export type CorpusRecord = z.infer<typeof CorpusRecord>;

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

/**
 * The corpus record of one go-ftw request, or undefined when it is neither an attack (some id must fire) nor
 * a benign case (ids must not fire, none must), or when its rule is not a request rule of a known class.
 */
export function crsRecord(request: FtwRequest, split: Split, paranoiaLevels: ReadonlyMap<number, number>): CorpusRecord | undefined {
  const attackClass = attackClassOfRule(request.ruleId);
  if (attackClass === undefined) return undefined;
  const label = request.expectIds.length > 0 ? 'attack' : request.noExpectIds.length > 0 ? 'benign' : undefined;
  if (label === undefined) return undefined;
  const headers = request.input.headers ?? {};
  const { payloadIn, logVisible } = accessLogVisibility(request.input);
  const userAgent = headerValue(headers, 'user-agent');
  const referer = headerValue(headers, 'referer');
  const host = headerValue(headers, 'host');
  const level = paranoiaLevels.get(request.ruleId);
  return {
    id: `crs-${request.ruleId}-${request.testId}${request.stage > 1 ? `-${request.stage}` : ''}`,
    source: 'crs',
    split,
    label,
    class: attackClass,
    method: request.input.method ?? 'GET',
    uri: request.input.uri ?? '/',
    ...(userAgent !== undefined ? { user_agent: userAgent } : {}),
    ...(referer !== undefined ? { referer } : {}),
    ...(host !== undefined ? { host } : {}),
    log_visible: logVisible,
    payload_in: payloadIn,
    has_body: request.input.data !== undefined && request.input.data !== '',
    other_headers: Object.keys(headers).filter((name) => !['user-agent', 'referer'].includes(name.toLowerCase())),
    rule_id: request.ruleId,
    test_id: request.testId,
    expect_ids: request.expectIds,
    no_expect_ids: request.noExpectIds,
    ...(level !== undefined ? { paranoia_level: level } : {}),
    ...(request.desc ? { desc: request.desc } : {}),
  };
}

export function shopRecord(request: ShopRequest, split: Split): CorpusRecord {
  return {
    id: request.id,
    source: 'shop',
    split,
    label: 'benign',
    class: null,
    method: request.method,
    uri: request.uri,
    user_agent: request.user_agent,
    ...(request.referer !== undefined ? { referer: request.referer } : {}),
    host: SHOP_HOST,
    log_visible: true,
    payload_in: [],
    has_body: false,
    other_headers: [],
    expect_ids: [],
    no_expect_ids: [],
    kind: request.kind,
  };
}
