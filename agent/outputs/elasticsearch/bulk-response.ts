/**
 * Reading a `_bulk` response: an HTTP 200 can still carry failed items. Each item is classified as stored,
 * to retry (429 and 5xx: the engine is busy or a shard is unavailable) or rejected for good (other 4xx:
 * a mapping conflict, a malformed document), which goes to the dead letters with the engine's reason.
 */
import type { Readable } from 'node:stream';
import { gunzipSync, inflateSync } from 'node:zlib';
import { z } from 'zod';
import { errorMessage, SidecarError } from '../../kit.js';

const itemResultSchema = z.looseObject({
  status: z.number(),
  error: z.looseObject({ type: z.string().optional(), reason: z.string().nullish() }).optional(),
});

/**
 * Only what the output reads is requested (`filter_path`): a 5,000-item response shrinks to a fraction,
 * which matters for parsing time and garbage on the agent's side.
 */
export const BULK_FILTER_PATH = 'errors,items.*.status,items.*.error.type,items.*.error.reason';

/** The top level is checked on every response; items only when `errors` says some failed. */
export const bulkSummarySchema = z.looseObject({ errors: z.boolean(), items: z.array(z.unknown()).optional() });
export const bulkItemsSchema = z.array(z.record(z.string(), itemResultSchema));

export type BulkItems = z.output<typeof bulkItemsSchema>;
export type ItemOutcome = { kind: 'stored' } | { kind: 'retry'; reason: string } | { kind: 'rejected'; reason: string };

export function classifyItem(item: BulkItems[number] | undefined, duplicateIsStored: boolean): ItemOutcome {
  const result = item === undefined ? undefined : Object.values(item)[0];
  if (result === undefined) return { kind: 'retry', reason: 'no result for this item in the bulk response' };
  const { status, error } = result;
  const reason = error ? `${status} ${error.type ?? 'error'}: ${error.reason ?? ''}`.trim() : `status ${status}`;
  if (status >= 200 && status < 300) return { kind: 'stored' };
  // A create with an _id that already exists: this very document was stored by an earlier attempt.
  if (status === 409 && duplicateIsStored) return { kind: 'stored' };
  if (status === 429 || status >= 500) return { kind: 'retry', reason };
  return { kind: 'rejected', reason };
}

/**
 * Whether a failed request is worth retrying: anything but an HTTP 4xx answer (other than 408 and 429),
 * which means the request itself is wrong. Connection errors and timeouts carry no status (or 0).
 */
export function isRetriableStatus(status: number | undefined): boolean {
  return status === undefined || status < 400 || status === 408 || status === 429 || status >= 500;
}

export function statusOf(error: unknown): number | undefined {
  const status = (error as { meta?: { statusCode?: unknown } } | undefined)?.meta?.statusCode;
  return typeof status === 'number' && status > 0 ? status : undefined;
}

/** An HTTP error status for a whole bulk request; `meta.statusCode` is where `statusOf` finds it. */
export class BulkRequestError extends Error {
  readonly meta: { statusCode: number };
  constructor(statusCode: number, body: string) {
    super(`HTTP ${statusCode}: ${body.slice(0, 500)}`);
    this.name = 'BulkRequestError';
    this.meta = { statusCode };
  }
}

// A response whose top level says no item failed, before any item: `{"errors":false,...` (ES adds "took" first without filter_path).
const NO_ERRORS = /^\s*\{\s*(?:"took"\s*:\s*\d+\s*,\s*)?"errors"\s*:\s*false\s*[,}]/;

/**
 * Reads a bulk response body as bytes and returns what the output needs. A response whose first bytes say
 * `"errors":false` is not parsed at all: parsing thousands of `{"create":{"status":201}}` items only to
 * learn that they all succeeded was a visible share of the agent's CPU per event. Anything else (some items
 * failed, an unusual layout) is parsed and validated in full.
 */
export async function readBulkResponse(statusCode: number, headers: Record<string, unknown>, body: Readable): Promise<{ errors: false } | { errors: true; items: BulkItems }> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  let bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  const encoding = String(headers['content-encoding'] ?? '').toLowerCase();
  if (encoding.includes('gzip')) bytes = gunzipSync(bytes);
  else if (encoding.includes('deflate')) bytes = inflateSync(bytes);
  if (statusCode >= 400 || statusCode < 200) throw new BulkRequestError(statusCode, bytes.toString('utf8'));
  if (NO_ERRORS.test(bytes.subarray(0, 96).toString('latin1'))) return { errors: false };
  const text = bytes.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // A proxy's error page, a cut connection: say what came back, not only where JSON.parse stopped. Retriable
    // (the registry's flag): the output sends the request again, as after a connection error.
    throw new SidecarError('BULK_RESPONSE_INVALID', `bulk response is not JSON (${errorMessage(error)}; content-type ${String(headers['content-type'] ?? 'none')}): ${text.slice(0, 200)}`, { cause: error });
  }
  const summary = bulkSummarySchema.parse(parsed);
  if (!summary.errors) return { errors: false };
  return { errors: true, items: bulkItemsSchema.parse(summary.items ?? []) };
}
