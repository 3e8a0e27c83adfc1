import type { ServiceName } from './names.js';

/**
 * Where each server is reached. An environment variable points the tests (and these scripts) at a server
 * run elsewhere (your own, Docker's, a cloud one); then `start` only waits for it and never launches one.
 */
export interface Endpoint {
  name: ServiceName;
  /** Kafka: comma-separated host:port list; search servers: base URL. */
  address: string;
  envVar: string;
  /** True when the address came from the environment: such a server is never started or stopped here. */
  external: boolean;
}

export const ENDPOINT_ENV: Readonly<Record<ServiceName, string>> = {
  kafka: 'KAFKA_BROKERS',
  elasticsearch: 'ELASTICSEARCH_URL',
  opensearch: 'OPENSEARCH_URL',
};

/** Local listeners of the servers these scripts start. */
export const LOCAL_PORTS = {
  kafka: { broker: 19092, controller: 19093 },
  elasticsearch: { http: 9200, transport: 9300 },
  opensearch: { http: 9201, transport: 9301 },
} as const;

export const DEFAULT_ADDRESSES: Readonly<Record<ServiceName, string>> = {
  kafka: `127.0.0.1:${LOCAL_PORTS.kafka.broker}`,
  elasticsearch: `http://127.0.0.1:${LOCAL_PORTS.elasticsearch.http}`,
  opensearch: `http://127.0.0.1:${LOCAL_PORTS.opensearch.http}`,
};

export function resolveEndpoint(name: ServiceName, env: NodeJS.ProcessEnv = process.env): Endpoint {
  const envVar = ENDPOINT_ENV[name];
  const fromEnv = env[envVar]?.trim();
  if (fromEnv) {
    const address = name === 'kafka' ? fromEnv : fromEnv.replace(/\/+$/, '');
    return { name, address, envVar, external: true };
  }
  return { name, address: DEFAULT_ADDRESSES[name], envVar, external: false };
}

/** KAFKA_BROKERS may list several brokers: "host1:9092,host2:9092". */
export function kafkaBrokers(address: string): string[] {
  return address
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
}
