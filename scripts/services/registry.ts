import { elasticsearchService } from './elasticsearch.js';
import { kafkaService } from './kafka.js';
import type { ServiceName } from './names.js';
import { opensearchService } from './opensearch.js';
import type { ManagedService } from './service.js';

export const SERVICES: Readonly<Record<ServiceName, ManagedService>> = {
  kafka: kafkaService,
  elasticsearch: elasticsearchService,
  opensearch: opensearchService,
};
