#!/usr/bin/env node
import { describeError } from './errors.js';
import { isServiceName, SERVICE_NAMES, type ServiceName } from './names.js';
import { serviceStatus, startServices, stopServices } from './services.js';

const USAGE = `Usage: npm run services -- <command> [kafka|elasticsearch|opensearch ...] [options]

Runs Kafka, Elasticsearch and OpenSearch locally for the integration tests (no name = all three).

Commands:
  start            fetch (once, with Maven), start and wait until each server answers
  stop             stop the servers these scripts started
  status           show each server, its address and whether it answers

Options:
  --clean          with stop: also delete the servers' data
  --timeout <s>    with start: seconds to wait for each server (default 180, or SIDECAR_SERVICES_TIMEOUT_S)

Environment:
  KAFKA_BROKERS, ELASTICSEARCH_URL, OPENSEARCH_URL
                   use that server instead of a local one: start only waits for it, stop leaves it alone
  SIDECAR_SERVICES_DIR   where fetched files, data and logs go (default .cache/services)
  SIDECAR_SERVICES_USER  account for Elasticsearch/OpenSearch when running as root (default nobody)`;

interface Parsed {
  command: 'start' | 'stop' | 'status';
  names: ServiceName[];
  clean: boolean;
  timeoutMs?: number;
}

function parse(argv: string[]): Parsed | string {
  const [command, ...rest] = argv;
  if (command !== 'start' && command !== 'stop' && command !== 'status') {
    return command === undefined || command === '--help' || command === '-h' ? '' : `unknown command "${command}"`;
  }
  const names: ServiceName[] = [];
  let clean = false;
  let timeoutMs: number | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    if (arg === '--clean') clean = true;
    else if (arg === '--timeout') {
      const seconds = Number(rest[++i]);
      if (!Number.isFinite(seconds) || seconds <= 0) return '--timeout needs a number of seconds';
      timeoutMs = seconds * 1000;
    } else if (isServiceName(arg)) {
      if (!names.includes(arg)) names.push(arg);
    } else return `unknown argument "${arg}"`;
  }
  if (clean && command !== 'stop') return '--clean only goes with stop';
  return { command, names: names.length > 0 ? names : [...SERVICE_NAMES], clean, ...(timeoutMs !== undefined ? { timeoutMs } : {}) };
}

function log(line: string): void {
  console.log(line);
}

async function main(argv: string[]): Promise<number> {
  const parsed = parse(argv);
  if (typeof parsed === 'string') {
    if (parsed) console.error(`error: ${parsed}\n`);
    console.error(USAGE);
    return parsed ? 2 : 0;
  }
  const began = Date.now();
  switch (parsed.command) {
    case 'start': {
      const results = await startServices(parsed.names, { log, ...(parsed.timeoutMs !== undefined ? { timeoutMs: parsed.timeoutMs } : {}) });
      for (const result of results) {
        console.log(`${result.name}: ready at ${result.address} (${result.outcome}, ${result.seconds} s) - ${result.detail}`);
      }
      console.log(`all ready in ${((Date.now() - began) / 1000).toFixed(1)} s`);
      return 0;
    }
    case 'stop': {
      const results = await stopServices(parsed.names, { log, clean: parsed.clean });
      for (const result of results) {
        const what = result.outcome === 'not-running' ? 'was not running' : result.outcome === 'external' ? 'external, left alone' : `${result.outcome} (pid ${result.pid})`;
        console.log(`${result.name}: ${what}${result.cleaned ? ', data removed' : ''}`);
      }
      return 0;
    }
    case 'status': {
      const results = await serviceStatus(parsed.names);
      for (const result of results) {
        const owner = result.external ? 'external' : result.pid !== undefined ? `pid ${result.pid}` : 'not started here';
        const state = result.answers ? `answers: ${result.detail}` : `does not answer (${result.detail})`;
        console.log(`${result.name.padEnd(13)} ${result.address.padEnd(24)} ${owner.padEnd(16)} ${state}`);
      }
      return 0;
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`error: ${describeError(error)}`);
    process.exitCode = 1;
  },
);
