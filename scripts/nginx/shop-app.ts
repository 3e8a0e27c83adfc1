/**
 * The application behind nginx in the proxy tests and benchmark: answers every request 200 with a body
 * naming it, and remembers what reached it (with the X-Threat-Score nginx passed on), so a test can tell a
 * request nginx refused from one the application saw. Run directly (`node dist/scripts/nginx/shop-app.js`)
 * it listens on a free loopback port and prints it, for a benchmark that keeps it out of its own process.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  threatScore: string | undefined;
}

export interface ShopApp {
  port: number;
  /** What reached the application, oldest first (only kept with `remember`). */
  seen: SeenRequest[];
  close(): Promise<void>;
}

export function shopBody(method: string, url: string): string {
  return `shop app: ${method} ${url}\n`;
}

export async function startShopApp(options: { remember?: boolean } = {}): Promise<ShopApp> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((request, response) => {
    const method = request.method ?? 'GET';
    const url = request.url ?? '/';
    if (options.remember !== false) {
      const score = request.headers['x-threat-score'];
      seen.push({ method, url, threatScore: Array.isArray(score) ? score[0] : score });
    }
    request.resume();
    response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(shopBody(method, url));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const app = await startShopApp({ remember: false });
  console.log(JSON.stringify({ port: app.port }));
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}
