import { describe, expect, it } from 'vitest';

import { kafkaBrokers, resolveEndpoint } from './endpoints.js';

describe('resolveEndpoint', () => {
  it('defaults to the local servers', () => {
    expect(resolveEndpoint('kafka', {})).toEqual({ name: 'kafka', address: '127.0.0.1:19092', envVar: 'KAFKA_BROKERS', external: false });
    expect(resolveEndpoint('elasticsearch', {}).address).toBe('http://127.0.0.1:9200');
    expect(resolveEndpoint('opensearch', { OPENSEARCH_URL: '  ' }).address).toBe('http://127.0.0.1:9201');
  });

  it('takes addresses from the environment and marks them external', () => {
    expect(resolveEndpoint('opensearch', { OPENSEARCH_URL: 'https://search.example:9200/' })).toEqual({
      name: 'opensearch',
      address: 'https://search.example:9200',
      envVar: 'OPENSEARCH_URL',
      external: true,
    });
    expect(kafkaBrokers(resolveEndpoint('kafka', { KAFKA_BROKERS: 'a:9092, b:9092,' }).address)).toEqual(['a:9092', 'b:9092']);
  });
});
