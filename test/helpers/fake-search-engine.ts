/**
 * A real HTTP server that answers like Elasticsearch's `_bulk` and `_index_template` endpoints, with
 * statuses the test decides per request and per item. For unit tests of the output's retry and
 * dead-letter paths; the integration tests use real engines.
 */
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface BulkCall {
  authorization: string | undefined;
  actions: Record<string, { _index?: string; _id?: string }>[];
  docs: Record<string, unknown>[];
}

/** Decides the HTTP status of a whole request (number) or the status of each item (array). */
export type Responder = (call: BulkCall, callNumber: number) => number | number[];

export class FakeSearchEngine {
  readonly calls: BulkCall[] = [];
  /** When each bulk call arrived (performance.now()). */
  readonly arrivals: number[] = [];
  /** Milliseconds the server takes before answering a bulk call. */
  delayMs = 0;
  readonly templates: unknown[] = [];
  private server: Server | undefined;

  constructor(private responder: Responder = (call) => call.docs.map(() => 201)) {}

  respondWith(responder: Responder): void {
    this.responder = responder;
  }

  /** Starts on a free port; with `tls` (PEM key and certificate) it speaks HTTPS. */
  async start(tls?: { key: Buffer; cert: Buffer }): Promise<string> {
    const handler: RequestListener = (req, res) => {
      void readBody(req).then(async (body) => {
        res.setHeader('x-elastic-product', 'Elasticsearch');
        res.setHeader('content-type', 'application/json');
        if (req.method === 'PUT' && req.url?.startsWith('/_index_template/')) {
          this.templates.push(JSON.parse(body));
          res.end('{"acknowledged":true}');
          return;
        }
        if (req.method !== 'POST' || !req.url?.startsWith('/_bulk')) {
          res.statusCode = 404;
          res.end('{}');
          return;
        }
        const lines = body.split('\n').filter((l) => l !== '');
        const call: BulkCall = { authorization: req.headers.authorization, actions: [], docs: [] };
        for (let i = 0; i < lines.length; i += 2) {
          call.actions.push(JSON.parse(lines[i] as string) as BulkCall['actions'][number]);
          call.docs.push(JSON.parse(lines[i + 1] as string) as Record<string, unknown>);
        }
        this.calls.push(call);
        this.arrivals.push(performance.now());
        if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
        const decision = this.responder(call, this.calls.length);
        if (typeof decision === 'number') {
          res.statusCode = decision;
          res.end(JSON.stringify({ error: { type: 'test_failure', reason: `status ${decision}` }, status: decision }));
          return;
        }
        const items = decision.map((status, i) => {
          const op = Object.keys(call.actions[i] ?? { create: {} })[0] ?? 'create';
          const error = status >= 300 ? { type: status === 429 ? 'es_rejected_execution_exception' : 'mapper_parsing_exception', reason: `item status ${status}` } : undefined;
          return { [op]: { status, _index: 'x', ...(error ? { error } : {}) } };
        });
        res.end(JSON.stringify({ took: 1, errors: decision.some((s) => s >= 300), items }));
      });
    };
    this.server = tls ? createTlsServer(tls, handler) : createServer(handler);
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `${tls ? 'https' : 'http'}://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
  });
}
