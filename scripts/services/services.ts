import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { resolveEndpoint } from './endpoints.js';
import { ServiceError } from './errors.js';
import type { Launched } from './launch.js';
import { fileSize, tailFile } from './log-tail.js';
import type { ServiceName } from './names.js';
import { servicePaths, servicesRoot, type ServicePaths } from './paths.js';
import { isAlive, ownedProcess, readPidFile, removePidFile, terminate } from './processes.js';
import { SERVICES } from './registry.js';
import type { ManagedService } from './service.js';
import { waitUntilReady } from './wait.js';

/**
 * start / stop / status for the servers, shared by the CLI (cli.ts) and the integration tests' global setup.
 *
 * - A server whose address variable is set (KAFKA_BROKERS, ELASTICSEARCH_URL, OPENSEARCH_URL) is "external":
 *   start only waits for it to answer, stop leaves it alone.
 * - Otherwise start launches it unless it already runs (its pid file names a live process with the expected
 *   command line) or something else already answers at its address.
 */

export type StartOutcome = 'external' | 'already-running' | 'already-answering' | 'started';

export interface StartResult {
  name: ServiceName;
  address: string;
  outcome: StartOutcome;
  /** What answered ("cluster health green") and, when started, what runs. */
  detail: string;
  seconds: number;
}

export interface ServiceOptions {
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** How long to wait for each server to answer; default SIDECAR_SERVICES_TIMEOUT_S or 180 s. */
  timeoutMs?: number;
}

function defaultTimeoutMs(env: NodeJS.ProcessEnv): number {
  const seconds = Number(env.SIDECAR_SERVICES_TIMEOUT_S);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 180_000;
}

/** Where the server's logs ended before this start, so that a failure shows only what this start wrote. */
interface LogMarks {
  server: number;
  console: number;
}

async function failure(
  service: ManagedService,
  paths: ServicePaths,
  address: string,
  reason: string,
  lastError: string,
  since: LogMarks = { server: 0, console: 0 },
): Promise<ServiceError> {
  const logFile = service.logFile(paths);
  const parts = [`${service.name} did not come up at ${address}: ${reason} (last probe: ${lastError})`];
  const serverLog = await tailFile(logFile, 30, since.server);
  parts.push(serverLog === undefined ? `(nothing new in ${logFile})` : `--- last lines of ${logFile} ---\n${serverLog}`);
  const consoleLog = await tailFile(paths.consoleLog, 20, since.console);
  if (consoleLog !== undefined) parts.push(`--- last lines of ${paths.consoleLog} ---\n${consoleLog}`);
  return new ServiceError(parts.join('\n'), { hint: `Server log: ${logFile}\nConsole output: ${paths.consoleLog}` });
}

/** Watches a launched server while waiting for it: a reason to stop waiting once it is clearly dead. */
function deathWatch(launched: Launched, daemonizes: boolean, paths: ServicePaths): () => Promise<string | undefined> {
  let exit: number | string | undefined;
  void launched.exited.then((code) => {
    exit = code;
  });
  return async () => {
    if (exit === undefined) return undefined;
    if (!daemonizes) return `the process exited (${exit})`;
    if (exit !== 0) return `the launcher exited with ${exit}`;
    const pid = await readPidFile(paths.pidFile);
    return pid !== undefined && !isAlive(pid) ? `the server process ${pid} exited` : undefined;
  };
}

async function startOne(name: ServiceName, root: string, options: Required<ServiceOptions>): Promise<StartResult> {
  const { env, log, timeoutMs } = options;
  const began = Date.now();
  const service = SERVICES[name];
  const endpoint = resolveEndpoint(name, env);
  const paths = servicePaths(name, root);
  const seconds = (): number => Math.round((Date.now() - began) / 100) / 10;
  const probe = (): Promise<string> => service.probe(endpoint.address);

  if (endpoint.external) {
    log(`${name}: ${endpoint.envVar} is set, waiting for ${endpoint.address}`);
    const result = await waitUntilReady({ probe, timeoutMs });
    if (!result.ready) {
      throw new ServiceError(`${name} at ${endpoint.address} (from ${endpoint.envVar}) does not answer: ${result.reason} (last probe: ${result.lastError})`, {
        hint: `Start that server, or unset ${endpoint.envVar} to have these scripts run one locally.`,
      });
    }
    return { name, address: endpoint.address, outcome: 'external', detail: result.detail, seconds: seconds() };
  }

  const running = await ownedProcess(paths.pidFile, (cmd) => service.isOwnProcess(cmd, paths));
  if (running !== undefined) {
    log(`${name}: already running (pid ${running}), waiting for ${endpoint.address}`);
    const result = await waitUntilReady({
      probe,
      timeoutMs,
      gaveUp: async () => (isAlive(running) ? undefined : `the process ${running} exited`),
    });
    if (!result.ready) throw await failure(service, paths, endpoint.address, result.reason, result.lastError);
    return { name, address: endpoint.address, outcome: 'already-running', detail: `${result.detail}, pid ${running}`, seconds: seconds() };
  }

  try {
    const detail = await probe();
    log(`${name}: something not started by these scripts already answers at ${endpoint.address}; using it`);
    return { name, address: endpoint.address, outcome: 'already-answering', detail, seconds: seconds() };
  } catch {
    // nothing there: launch it
  }

  await mkdir(paths.logs, { recursive: true });
  const since: LogMarks = { server: await fileSize(service.logFile(paths)), console: await fileSize(paths.consoleLog) };
  const { launched, daemonizes, description } = await SERVICES[name].launch({ paths, env, log });
  if (!daemonizes) await writePid(paths, launched.pid);
  log(`${name}: starting ${description}; log ${service.logFile(paths)}`);
  let result;
  try {
    result = await waitUntilReady({ probe, timeoutMs, gaveUp: deathWatch(launched, daemonizes, paths) });
  } finally {
    launched.release();
  }
  if (!result.ready) {
    const error = await failure(service, paths, endpoint.address, result.reason, result.lastError, since);
    // a server that never answered is not left behind half-started (the next start would take it as running)
    const pid = daemonizes ? await readPidFile(paths.pidFile) : launched.pid;
    if (pid !== undefined && pid > 0 && isAlive(pid)) await terminate(pid, service.stopGraceMs);
    if (daemonizes && launched.pid > 0 && isAlive(launched.pid)) await terminate(launched.pid, service.stopGraceMs);
    await removePidFile(paths.pidFile);
    throw error;
  }
  return { name, address: endpoint.address, outcome: 'started', detail: `${description}; ${result.detail}`, seconds: seconds() };
}

async function writePid(paths: ServicePaths, pid: number): Promise<void> {
  if (pid > 0) await writeFile(paths.pidFile, `${pid}\n`);
}

function resolveOptions(options: ServiceOptions): Required<ServiceOptions> {
  const env = options.env ?? process.env;
  return { env, log: options.log ?? (() => undefined), timeoutMs: options.timeoutMs ?? defaultTimeoutMs(env) };
}

/**
 * Starts the named servers in parallel and waits until each answers. Rejects (with every failure's message)
 * if any does not; the others are left running.
 */
export async function startServices(names: readonly ServiceName[], options: ServiceOptions = {}): Promise<StartResult[]> {
  const resolved = resolveOptions(options);
  const root = await servicesRoot(resolved.env);
  const settled = await Promise.allSettled(names.map((name) => startOne(name, root, resolved)));
  const failures = settled.flatMap((entry) => (entry.status === 'rejected' ? [entry.reason as unknown] : []));
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} servers did not start`);
  return settled.flatMap((entry) => (entry.status === 'fulfilled' ? [entry.value] : []));
}

export type StopOutcome = 'external' | 'not-running' | 'terminated' | 'killed';

export interface StopResult {
  name: ServiceName;
  outcome: StopOutcome;
  pid?: number;
  cleaned: boolean;
}

async function stopOne(name: ServiceName, root: string, clean: boolean, options: Required<ServiceOptions>): Promise<StopResult> {
  const service = SERVICES[name];
  const endpoint = resolveEndpoint(name, options.env);
  if (endpoint.external) {
    options.log(`${name}: ${endpoint.envVar} is set; not managed here, left alone`);
    return { name, outcome: 'external', cleaned: false };
  }
  const paths = servicePaths(name, root);
  const pid = await ownedProcess(paths.pidFile, (cmd) => service.isOwnProcess(cmd, paths));
  let outcome: StopOutcome = 'not-running';
  if (pid !== undefined) {
    options.log(`${name}: stopping pid ${pid}`);
    const ended = await terminate(pid, service.stopGraceMs);
    outcome = ended === 'killed' ? 'killed' : 'terminated';
  }
  await removePidFile(paths.pidFile);
  if (clean) {
    options.log(`${name}: removing ${paths.data}`);
    await rm(paths.data, { recursive: true, force: true });
  }
  return { name, outcome, ...(pid !== undefined ? { pid } : {}), cleaned: clean };
}

/** Stops the servers these scripts started (never anything else); `clean` also deletes their data. */
export async function stopServices(names: readonly ServiceName[], options: ServiceOptions & { clean?: boolean } = {}): Promise<StopResult[]> {
  const resolved = resolveOptions(options);
  const root = await servicesRoot(resolved.env);
  return Promise.all(names.map((name) => stopOne(name, root, options.clean ?? false, resolved)));
}

export interface StatusResult {
  name: ServiceName;
  address: string;
  external: boolean;
  /** The process these scripts started, if it runs. */
  pid?: number;
  answers: boolean;
  detail: string;
  logFile: string;
}

async function statusOne(name: ServiceName, root: string, env: NodeJS.ProcessEnv): Promise<StatusResult> {
  const service = SERVICES[name];
  const endpoint = resolveEndpoint(name, env);
  const paths = servicePaths(name, root);
  const pid = endpoint.external ? undefined : await ownedProcess(paths.pidFile, (cmd) => service.isOwnProcess(cmd, paths));
  let answers = false;
  let detail: string;
  try {
    detail = await service.probe(endpoint.address);
    answers = true;
  } catch (error) {
    detail = error instanceof Error ? error.message : String(error);
  }
  return {
    name,
    address: endpoint.address,
    external: endpoint.external,
    ...(pid !== undefined ? { pid } : {}),
    answers,
    detail,
    logFile: path.relative(process.cwd(), service.logFile(paths)) || service.logFile(paths),
  };
}

export async function serviceStatus(names: readonly ServiceName[], options: ServiceOptions = {}): Promise<StatusResult[]> {
  const { env } = resolveOptions(options);
  const root = await servicesRoot(env);
  return Promise.all(names.map((name) => statusOne(name, root, env)));
}
