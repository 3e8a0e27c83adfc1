import { SERVICE_NAMES, type ServiceName } from '../../scripts/services/names.js';
import { startServices, stopServices } from '../../scripts/services/services.js';

/**
 * Starts Kafka, Elasticsearch and OpenSearch for the integration tests with the same code as
 * `npm run services -- start`, and afterwards stops the ones it started itself, unless SIDECAR_KEEP_SERVICES=1
 * (handy when running the tests over and over: the next run finds them up). Servers that were already running,
 * or that KAFKA_BROKERS / ELASTICSEARCH_URL / OPENSEARCH_URL point at, are only waited for and never stopped.
 */

let startedHere: ServiceName[] = [];

function log(line: string): void {
  console.log(`[services] ${line}`);
}

export async function setup(): Promise<void> {
  const began = Date.now();
  let results;
  try {
    results = await startServices(SERVICE_NAMES, { log });
  } catch (error) {
    // whatever did come up is stopped again; the error names the failing server's log file
    if (process.env.SIDECAR_KEEP_SERVICES !== '1') await stopServices(SERVICE_NAMES, { log });
    throw error;
  }
  startedHere = results.filter((result) => result.outcome === 'started').map((result) => result.name);
  for (const result of results) log(`${result.name}: ${result.address} (${result.outcome}, ${result.seconds} s)`);
  log(`ready in ${((Date.now() - began) / 1000).toFixed(1)} s`);
}

export async function teardown(): Promise<void> {
  if (process.env.SIDECAR_KEEP_SERVICES === '1' || startedHere.length === 0) return;
  await stopServices(startedHere, { log });
}
