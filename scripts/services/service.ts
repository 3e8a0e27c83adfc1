import type { Launched } from './launch.js';
import type { ServiceName } from './names.js';
import type { ServicePaths } from './paths.js';

export interface LaunchContext {
  paths: ServicePaths;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

export interface LaunchOutcome {
  launched: Launched;
  /**
   * True when the launched program forks the server and exits (its exit code says whether the start went well)
   * and the server writes its own PID to paths.pidFile; false when the launched process is the server.
   */
  daemonizes: boolean;
  /** What runs: "Apache Kafka 3.9.2 on Java 17.0.15". */
  description: string;
}

/** One kind of server that scripts/services can fetch, configure, start, probe and stop. */
export interface ManagedService {
  readonly name: ServiceName;
  /** Resolves with a short description when the server at `address` answers; throws when it does not. */
  probe(address: string): Promise<string>;
  /** Fetches what is missing (Maven), writes the configuration and starts the server. */
  launch(context: LaunchContext): Promise<LaunchOutcome>;
  /** Whether a process command line is a server these scripts started from `paths`. */
  isOwnProcess(commandLine: string, paths: ServicePaths): boolean;
  /** The server's own log, to point at when it does not come up. */
  logFile(paths: ServicePaths): string;
  /** How long a SIGTERM gets before SIGKILL. */
  readonly stopGraceMs: number;
}
