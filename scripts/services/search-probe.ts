/**
 * Asks an Elasticsearch or OpenSearch server for its cluster health. Ready means yellow or green: a single node
 * never gets replicas assigned, so yellow is the best some indices get.
 */
export async function probeClusterHealth(baseUrl: string, timeoutMs = 5_000): Promise<string> {
  const url = new URL('_cluster/health', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (url.username || url.password) {
    // fetch() refuses URLs with credentials: move them to a header
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  let response: Response;
  try {
    response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    // fetch() says only "fetch failed"; the reason (ECONNREFUSED...) is in its cause
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
    throw new Error(`GET ${url.origin}${url.pathname} failed: ${cause ?? (error instanceof Error ? error.message : String(error))}`);
  }
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${url.pathname} answered ${response.status}: ${text.slice(0, 200)}`);
  let status: unknown;
  try {
    status = (JSON.parse(text) as { status?: unknown }).status;
  } catch {
    throw new Error(`GET ${url.pathname} answered something that is not JSON: ${text.slice(0, 200)}`);
  }
  if (status !== 'green' && status !== 'yellow') throw new Error(`cluster health is ${String(status)}`);
  return `cluster health ${status}`;
}
