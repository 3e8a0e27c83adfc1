/**
 * A dedicated Elasticsearch for the soak test, on ports of its own: the test stops it twice, and the shared
 * test servers (ports 9200/9300) must never be stopped. It is launched with the same code as the shared one
 * (scripts/services), from the same fetched distribution, but with its own config, data, logs and pid file.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { elasticsearchFlavor } from '../../scripts/services/elasticsearch.js';
import { repoRoot, servicePaths, servicesRoot, type ServicePaths } from '../../scripts/services/paths.js';
import { isAlive, readPidFile, removePidFile, terminate } from '../../scripts/services/processes.js';
import { probeClusterHealth } from '../../scripts/services/search-probe.js';
import { searchServerService } from '../../scripts/services/search-server.js';
import { waitUntilReady } from '../../scripts/services/wait.js';

export const SOAK_PORTS = { http: 9250, transport: 9350 } as const;

export class SoakEngine {
  readonly address = `http://127.0.0.1:${SOAK_PORTS.http}`;
  private readonly service = searchServerService({ ...elasticsearchFlavor, ports: SOAK_PORTS });

  private constructor(private readonly paths: ServicePaths) {}

  /**
   * Its files live in `dir`; the distribution is the one scripts/services fetched (SIDECAR_SERVICES_DIR or the
   * repository's .cache/services), fetched there first if it is missing, as `npm run services` would.
   */
  static async create(dir: string): Promise<SoakEngine> {
    const shared = servicePaths('elasticsearch', await servicesRoot());
    const logs = path.join(dir, 'logs');
    return new SoakEngine({
      name: 'elasticsearch',
      pom: path.join(repoRoot(), 'scripts', 'services', 'elasticsearch', 'pom.xml'),
      root: dir,
      dist: shared.dist,
      config: path.join(dir, 'config'),
      data: path.join(dir, 'data'),
      logs,
      tmp: path.join(dir, 'tmp'),
      pidFile: path.join(dir, 'elasticsearch.pid'),
      consoleLog: path.join(logs, 'console.log'),
    });
  }

  /** The server's pid while it runs. */
  async pid(): Promise<number | undefined> {
    const pid = await readPidFile(this.paths.pidFile);
    return pid !== undefined && isAlive(pid) ? pid : undefined;
  }

  /** Starts it (with empty data when `fresh`) and waits until the cluster is yellow or green. */
  async start(log: (line: string) => void, fresh = false): Promise<void> {
    if ((await this.pid()) !== undefined) throw new Error(`the soak engine already runs (pid file ${this.paths.pidFile})`);
    if (fresh) await rm(this.paths.data, { recursive: true, force: true });
    await mkdir(this.paths.logs, { recursive: true });
    const { launched, description } = await this.service.launch({ paths: this.paths, env: process.env, log });
    log(`soak engine: starting ${description} at ${this.address}`);
    try {
      const result = await waitUntilReady({ probe: () => probeClusterHealth(this.address), timeoutMs: 180_000 });
      if (!result.ready) throw new Error(`the soak engine did not come up: ${result.reason} (${result.lastError}); see ${this.paths.logs}`);
    } finally {
      launched.release();
    }
  }

  /** SIGTERM (SIGKILL after 30 s), as scripts/services stops a server. */
  async stop(): Promise<void> {
    const pid = await this.pid();
    if (pid !== undefined) await terminate(pid, 30_000);
    await removePidFile(this.paths.pidFile);
  }
}
