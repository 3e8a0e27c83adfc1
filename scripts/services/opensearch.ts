import { LOCAL_PORTS } from './endpoints.js';
import { searchServerService } from './search-server.js';

/**
 * OpenSearch from org.opensearch.distribution.integ-test-zip (see opensearch/pom.xml): 3.x needs Java 21+,
 * 2.x runs on Java 11+ (SIDECAR_OPENSEARCH_VERSION=2.19.6 picks it where no Java 21+ is installed). The
 * integ-test zip has no security plugin, so there is nothing to switch off.
 */
export const opensearchService = searchServerService({
  name: 'opensearch',
  product: 'OpenSearch',
  env: { javaHome: 'OPENSEARCH_JAVA_HOME', pathConf: 'OPENSEARCH_PATH_CONF', javaOpts: 'OPENSEARCH_JAVA_OPTS', tmpDir: 'OPENSEARCH_TMPDIR' },
  homeProperty: 'opensearch.path.home',
  ports: LOCAL_PORTS.opensearch,
  minJava: (major) => (major >= 3 ? 21 : 11),
  daemonize: false,
  extraSettings: () => ({}),
  olderJavaFallback: { version: '2.19.6', java: 17 },
});
