/**
 * The agent's HTTP endpoints for the platform (Kubernetes probes, Prometheus): `/metrics`, `/health`
 * (liveness: the process serves requests) and `/ready` (readiness: components are built and inputs run;
 * not ready once stopping, or while `notReadyBecause` names a reason). Listens only when `telemetry.listen` is set.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export class TelemetryServer {
  ready = false;
  /** A reason to answer not ready while running (a stuck pipeline); undefined when there is none. */
  notReadyBecause: () => string | undefined = () => undefined;
  private server: Server | undefined;

  constructor(private readonly registry: Registry) {}

  /** Starts listening on `host:port`; resolves with the bound address (port 0 picks a free one). */
  async listen(address: string): Promise<AddressInfo> {
    const colon = address.lastIndexOf(':');
    const host = address.slice(0, colon).replace(/^\[|\]$/g, '') || '0.0.0.0';
    const port = Number(address.slice(colon + 1));
    const server = createServer((request, response) => {
      const path = (request.url ?? '/').split('?')[0];
      if (path === '/metrics') {
        this.registry.metrics().then(
          (text) => response.writeHead(200, { 'content-type': this.registry.contentType }).end(text),
          (error: unknown) => response.writeHead(500).end(String(error)),
        );
      } else if (path === '/health') response.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      else if (path === '/ready') {
        const reason = this.ready ? this.notReadyBecause() : 'not running';
        response.writeHead(reason === undefined ? 200 : 503, { 'content-type': 'text/plain' }).end(reason === undefined ? 'ready\n' : `not ready: ${reason}\n`);
      }
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    return server.address() as AddressInfo;
  }

  async close(): Promise<void> {
    this.ready = false;
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
