import { existsSync } from 'node:fs';
import { chown, cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { ServiceError } from './errors.js';
import { findJdk } from './java.js';
import { launchDetached } from './launch.js';
import { ensureFetched } from './maven.js';
import type { ServicePaths } from './paths.js';
import { removePidFile } from './processes.js';
import { chownTree, serviceUser } from './run-as.js';
import { probeClusterHealth } from './search-probe.js';
import type { LaunchContext, LaunchOutcome, ManagedService } from './service.js';

/**
 * Elasticsearch and OpenSearch share their launch procedure: the integ-test zip (no bundled JDK, no security
 * plugin) is unpacked by Maven, a private config folder is made from the distribution's one (so the unpacked
 * distribution stays untouched), and `bin/<name>` is started with the config folder, JDK, heap and temp folder
 * passed through the environment variables both products read.
 */
export interface SearchFlavor {
  name: 'elasticsearch' | 'opensearch';
  product: 'Elasticsearch' | 'OpenSearch';
  env: { javaHome: string; pathConf: string; javaOpts: string; tmpDir: string };
  /** The JVM system property carrying the installation folder, seen in the server's command line. */
  homeProperty: string;
  ports: { http: number; transport: number };
  /** The oldest Java a given major version of the server runs on. */
  minJava: (serverMajor: number) => number;
  /**
   * True: start with `-d -p <pidfile>` (the launcher returns once the server is up and the server writes the pid
   * file). False: start in the foreground with `-q`, the launched process being the server (`exec java`).
   */
  daemonize: boolean;
  /** Settings that depend on which modules the distribution has. */
  extraSettings: (distHome: string) => Record<string, string | number | boolean>;
  /** A version that runs on an older Java, suggested when no JDK is new enough for the pom's version. */
  olderJavaFallback?: { version: string; java: number };
}

/** SIDECAR_ELASTICSEARCH_VERSION / SIDECAR_OPENSEARCH_VERSION: another version than the pom's. */
export function versionOverrideEnv(flavor: Pick<SearchFlavor, 'name'>): string {
  return `SIDECAR_${flavor.name.toUpperCase()}_VERSION`;
}

const CLUSTER_NAME = 'sidecar-ai';
const DEFAULT_HEAP = '-Xms1g -Xmx1g';

/** The version the pom asks for: `<elasticsearch.version>8.19.21</elasticsearch.version>`. */
async function pomVersion(flavor: SearchFlavor, pom: string): Promise<string> {
  const text = await readFile(pom, 'utf8');
  const match = new RegExp(`<${flavor.name}\\.version>([^<]+)</${flavor.name}\\.version>`).exec(text);
  if (!match?.[1]) throw new ServiceError(`${pom} has no <${flavor.name}.version> property`);
  return match[1].trim();
}

/**
 * The distribution's jvm.options use paths relative to its installation folder (OpenSearch's launcher changes
 * into it): logs/gc.log, -javaagent:agent/..., HeapDumpPath=data. Those folders are not writable by the account
 * the server runs as, and logs belong beside the server's other logs anyway, so they are made absolute.
 */
export function rewriteJvmOptions(text: string, dirs: { home: string; logs: string; data: string }): string {
  return text
    .split('\n')
    .map((line) =>
      line.trimStart().startsWith('#')
        ? line
        : line
            .replace(/([=:])logs\//g, (_match, sep: string) => `${sep}${dirs.logs}/`)
            .replace(/([=:])agent\//g, (_match, sep: string) => `${sep}${dirs.home}/agent/`)
            .replace(/HeapDumpPath=data\b/g, () => `HeapDumpPath=${dirs.data}`),
    )
    .join('\n');
}

function yamlSettings(settings: Record<string, string | number | boolean>): string {
  const lines = Object.entries(settings).map(([key, value]) => `${key}: ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
  return ['# Written by scripts/services on every start; edit search-server.ts instead.', ...lines, ''].join('\n');
}

export function searchServerService(flavor: SearchFlavor): ManagedService {
  const distHomeOf = (paths: ServicePaths, version: string): string => path.join(paths.dist, `${flavor.name}-${version}`);

  return {
    name: flavor.name,
    stopGraceMs: 30_000,

    probe: (address) => probeClusterHealth(address),

    logFile: (paths) => path.join(paths.logs, `${CLUSTER_NAME}.log`),

    isOwnProcess: (commandLine, paths) => commandLine.includes(`-D${flavor.homeProperty}=${paths.dist}${path.sep}`),

    async launch({ paths, env, log }: LaunchContext): Promise<LaunchOutcome> {
      const overrideEnv = versionOverrideEnv(flavor);
      const override = env[overrideEnv]?.trim();
      const version = override || (await pomVersion(flavor, paths.pom));
      const major = Number.parseInt(version, 10);
      const fallback = flavor.olderJavaFallback;
      const jdk = await findJdk(
        {
          minMajor: flavor.minJava(major),
          purpose: `${flavor.product} ${version}`,
          homeEnv: flavor.env.javaHome,
          ...(fallback && !override && flavor.minJava(major) > fallback.java
            ? { alternative: `set ${overrideEnv}=${fallback.version} to run ${flavor.product} ${fallback.version}, which runs on Java ${fallback.java}` }
            : {}),
        },
        env,
      );
      await ensureFetched({
        name: flavor.name,
        pom: paths.pom,
        goal: 'dependency:unpack',
        outputDir: paths.dist,
        log,
        ...(override ? { properties: { [`${flavor.name}.version`]: override } } : {}),
      });
      const home = distHomeOf(paths, version);
      const launcher = path.join(home, 'bin', flavor.name);
      if (!existsSync(launcher)) {
        throw new ServiceError(`${launcher} is missing: the unpacked distribution is incomplete`, {
          hint: `Delete ${paths.dist} and start again to fetch it anew.`,
        });
      }

      const user = await serviceUser(env);
      await Promise.all([paths.config, paths.data, paths.logs, paths.tmp].map((dir) => mkdir(dir, { recursive: true })));
      await cp(path.join(home, 'config'), paths.config, { recursive: true, force: true });
      const jvmOptions = path.join(paths.config, 'jvm.options');
      await writeFile(jvmOptions, rewriteJvmOptions(await readFile(jvmOptions, 'utf8'), { home, logs: paths.logs, data: paths.data }));
      await writeFile(
        path.join(paths.config, `${flavor.name}.yml`),
        yamlSettings({
          'cluster.name': CLUSTER_NAME,
          'node.name': `${flavor.name}-1`,
          'discovery.type': 'single-node',
          'network.host': '127.0.0.1',
          'http.port': flavor.ports.http,
          'transport.port': flavor.ports.transport,
          'path.data': paths.data,
          'path.logs': paths.logs,
          // a test machine's disk may well be 90 % full; that must not turn indices read-only
          'cluster.routing.allocation.disk.threshold_enabled': false,
          ...flavor.extraSettings(home),
        }),
      );
      await removePidFile(paths.pidFile);
      if (user) {
        // the server runs as `user`: it must own what it writes (and the pid file beside the folders)
        await chown(paths.root, user.uid, user.gid);
        for (const dir of [paths.config, paths.data, paths.logs, paths.tmp]) await chownTree(dir, user);
      }

      const childEnv: NodeJS.ProcessEnv = {
        ...env,
        HOME: paths.root,
        [flavor.env.javaHome]: jdk.home,
        [flavor.env.pathConf]: paths.config,
        [flavor.env.javaOpts]: env[flavor.env.javaOpts]?.trim() || DEFAULT_HEAP,
        [flavor.env.tmpDir]: paths.tmp,
      };
      // both read their own *_JAVA_HOME; a JAVA_HOME pointing elsewhere only produces warnings
      delete childEnv.JAVA_HOME;
      const launched = launchDetached({
        command: launcher,
        args: flavor.daemonize ? ['-d', '-p', paths.pidFile] : ['-q'],
        cwd: paths.logs,
        env: childEnv,
        consoleLog: paths.consoleLog,
        ...(user ? { user } : {}),
      });
      const as = user ? ` as user ${user.name}` : '';
      return { launched, daemonizes: flavor.daemonize, description: `${flavor.product} ${version} on Java ${jdk.version}${as}` };
    },
  };
}
