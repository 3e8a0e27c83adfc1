/**
 * Paths that scanners and bots ask every site for, whatever runs there: secrets and repositories left in the
 * web root, admin consoles of common products, and the entry points of well-known exploits. One hit is not an
 * attack (the payload detectors judge the request itself); many from one client are a scan. Matched in the
 * url.path in any case, anywhere in it (`/app/.env` too), and each entry only as a whole segment or file
 * name (`/.env` matches `/.env` and `/.env.bak`, not `/.envelope`; `/pma` not `/pma-shoes`).
 */
export const PROBE_PATHS: readonly string[] = [
  // Secrets, repositories and editor files in the web root
  '/.env', '/.git', '/.svn/', '/.hg/', '/.ds_store', '/.htaccess', '/.htpasswd', '/.aws/', '/.ssh/', '/.vscode/', '/.idea/',
  '/.docker', '/docker-compose.yml', '/config.json', '/config.php', '/configuration.php', '/web.config', '/wp-config.php', '/settings.py',
  '/id_rsa', '/.npmrc', '/.bash_history', '/credentials', '/secrets.json', '/database.yml', '/dump.sql', '/backup.sql', '/db.sql',
  '/backup.zip', '/backup.tar.gz', '/site.zip', '/www.zip',
  // Admin consoles and installers of common products
  '/wp-login.php', '/wp-admin', '/xmlrpc.php', '/wp-content/plugins/', '/wp-includes/', '/phpmyadmin', '/pma', '/myadmin', '/adminer.php',
  '/administrator/', '/admin.php', '/manager/html', '/jmx-console', '/web-console', '/console/', '/solr/', '/jenkins', '/server-status',
  '/server-info', '/actuator', '/phpinfo.php', '/info.php', '/test.php', '/setup.php', '/install.php', '/owa/', '/ecp/', '/autodiscover',
  '/telescope', '/_profiler', '/elmah.axd', '/trace.axd', '/druid/', '/nacos', '/_ignition', '/debug/default/view', '/api/jsonws',
  // Entry points of well-known exploits and IoT bots
  '/cgi-bin/', '/vendor/phpunit', '/eval-stdin.php', '/boaform', '/hnap1', '/shell.php', '/cmd.php', '/wso.php', '/c99.php', '/r57.php',
  '/invoker/', '/struts', '/remote/login', '/global-protect', '/dana-na/', '/owncloud', '/geoserver', '/hudson', '/setup.cgi', '/gponform',
  '/tokens/rpc2', '/vropspluginui/', '/ws/v1/cluster/apps', '/debug/pprof', '/connector.minimal.php', '/nas_sharing.cgi', '/mgmt/tm/',
  '/api/index.php/v1/config', '/server-info.action', '/php-cgi', '/remote_agent.php', '/mifs/', '/webtools/control/',
];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** One precompiled test over the whole list; an entry ending in `/` matches as a folder, any other at a segment or extension end. */
const PROBE = new RegExp(
  PROBE_PATHS.map((entry) => (entry.endsWith('/') ? escape(entry) : `${escape(entry)}(?:$|[/.?;])`)).join('|'),
  'i',
);

/** Whether a path (url.path, any case) asks for a well-known probe target. */
export function isProbePath(path: string): boolean {
  return PROBE.test(path);
}
