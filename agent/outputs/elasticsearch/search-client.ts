import type { ConnectionOptions as TlsOptions } from 'node:tls';

import { Client, SniffingTransport, type TransportOptions } from '@elastic/elasticsearch';

/**
 * One client library for both search engines: `@elastic/elasticsearch` speaks the bulk, index and count APIs that
 * Elasticsearch and OpenSearch still share, but out of the box it refuses OpenSearch twice over:
 *
 * 1. The product check: every successful response must carry `x-elastic-product: Elasticsearch`, which
 *    OpenSearch never sends, so each call fails with ProductNotSupportedError.
 * 2. Versioned media types: requests are sent as `application/vnd.elasticsearch+json; compatible-with=9`
 *    (and `...+x-ndjson` for bulk), which OpenSearch rejects with 406/400.
 *
 * Both are options of the client's Transport (`productCheck`, `vendoredHeaders`), but the Client hard-codes them
 * when it builds its Transport. It does take a Transport class, though, so for OpenSearch a subclass replaces
 * them: no product check and plain `application/json` / `application/x-ndjson`.
 *
 * The same versioned media types bind the 9.x client to Elasticsearch 9: an 8.x server answers
 * "Accept version must be either version 8 or 7, but found 9". `compatibleWith: 8` asks for the 8.x REST API
 * instead, which both 8.x and 9.x servers serve.
 */

import { compatibleWithSchema, searchEngineSchema, type CompatibleWith, type SearchEngine } from './search-engine.js';

export { compatibleWithSchema, searchEngineSchema, type CompatibleWith, type SearchEngine };

export type SearchAuth =
  | { username: string; password: string }
  | { apiKey: string | { id: string; api_key: string } }
  | { bearer: string };

export interface SearchClientOptions {
  engine: SearchEngine;
  /** One URL or several (requests are spread over them). */
  node: string | string[];
  auth?: SearchAuth;
  requestTimeoutMs?: number;
  /** Retries of one request on connection errors and 502/503/504 (the client's default is 3). */
  maxRetries?: number;
  /** gzip request bodies. */
  compression?: boolean;
  tls?: TlsOptions;
  /** SHA-256 fingerprint of the CA that signed the server's certificate. */
  caFingerprint?: string;
  headers?: Record<string, string>;
  /** Elasticsearch only; ignored for OpenSearch. Default 9. */
  compatibleWith?: CompatibleWith;
  /** Shown in the client's diagnostics. */
  name?: string;
}

// the package's ESM entry point does not export the ClientOptions type
type ClientOptions = NonNullable<ConstructorParameters<typeof Client>[0]>;
type Vendored = NonNullable<TransportOptions['vendoredHeaders']>;

const PLAIN_MEDIA_TYPES: Vendored = {
  jsonContentType: 'application/json',
  ndjsonContentType: 'application/x-ndjson',
  accept: 'application/json, text/plain',
};

function elasticsearchMediaTypes(version: CompatibleWith): Vendored {
  return {
    jsonContentType: `application/vnd.elasticsearch+json; compatible-with=${version}`,
    ndjsonContentType: `application/vnd.elasticsearch+x-ndjson; compatible-with=${version}`,
    accept: `application/vnd.elasticsearch+json; compatible-with=${version},text/plain`,
  };
}

/** A Transport class that overrides what the Client passes for the product check and the media types. */
function transportClass(overrides: { productCheck?: string; vendoredHeaders: Vendored }): typeof SniffingTransport {
  return class SearchEngineTransport extends SniffingTransport {
    constructor(options: TransportOptions) {
      // `productCheck: undefined` turns the check off (the Transport treats a missing value as "none")
      super({ ...options, productCheck: overrides.productCheck, vendoredHeaders: overrides.vendoredHeaders });
    }
  };
}

/** Elasticsearch/OpenSearch client configured for `engine`. Close it with `client.close()`. */
export function createSearchClient(options: SearchClientOptions): Client {
  const engine = searchEngineSchema.parse(options.engine);
  const clientOptions: ClientOptions = {
    node: options.node,
    // The default redaction ('replace') deep-copies an error's metadata, request included, key by key to
    // hide secrets: for a bulk body that is one entry per byte, on every failed attempt (bench/RESULTS.md).
    // 'remove' drops the request headers (credentials) and connection details without walking the body.
    redaction: { type: 'remove' },
    ...(options.auth !== undefined ? { auth: options.auth } : {}),
    ...(options.requestTimeoutMs !== undefined ? { requestTimeout: options.requestTimeoutMs } : {}),
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
    ...(options.compression !== undefined ? { compression: options.compression } : {}),
    ...(options.tls !== undefined ? { tls: options.tls } : {}),
    ...(options.caFingerprint !== undefined ? { caFingerprint: options.caFingerprint } : {}),
    ...(options.headers !== undefined ? { headers: options.headers } : {}),
    ...(options.name !== undefined ? { name: options.name } : {}),
  };
  if (engine === 'opensearch') {
    clientOptions.Transport = transportClass({ vendoredHeaders: PLAIN_MEDIA_TYPES });
  } else if (options.compatibleWith !== undefined && options.compatibleWith !== 9) {
    clientOptions.Transport = transportClass({
      productCheck: 'Elasticsearch',
      vendoredHeaders: elasticsearchMediaTypes(compatibleWithSchema.parse(options.compatibleWith)),
    });
  }
  return new Client(clientOptions);
}
