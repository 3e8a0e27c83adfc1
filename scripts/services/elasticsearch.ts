import { existsSync } from 'node:fs';
import path from 'node:path';

import { LOCAL_PORTS } from './endpoints.js';
import { searchServerService, type SearchFlavor } from './search-server.js';

/**
 * Elasticsearch from org.elasticsearch.distribution.integ-test-zip (see elasticsearch/pom.xml). Maven Central
 * carries that zip only up to the 8.x line; 8.x runs on Java 17+, 9.x would need Java 21+. The flavor is
 * exported so that a dedicated instance on other ports (the soak test's) is launched the same way.
 */
export const elasticsearchFlavor: SearchFlavor = {
  name: 'elasticsearch',
  product: 'Elasticsearch',
  env: { javaHome: 'ES_JAVA_HOME', pathConf: 'ES_PATH_CONF', javaOpts: 'ES_JAVA_OPTS', tmpDir: 'ES_TMPDIR' },
  homeProperty: 'es.path.home',
  ports: LOCAL_PORTS.elasticsearch,
  minJava: (major) => (major >= 9 ? 21 : 17),
  daemonize: true,
  // The 8.x integ-test zip ships x-pack-core and x-pack-security (security on by default, so every request would
  // need credentials); switching it off is only valid where the module exists.
  extraSettings: (home): Record<string, boolean> =>
    existsSync(path.join(home, 'modules', 'x-pack-security')) ? { 'xpack.security.enabled': false } : {},
};

export const elasticsearchService = searchServerService(elasticsearchFlavor);
