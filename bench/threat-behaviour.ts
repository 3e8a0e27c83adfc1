/**
 * http_threat's behaviour part on generated shop traffic (scripts/threat-corpus/client-traffic.ts): many
 * ordinary visitors, offices and crawlers over simulated time, with abusive clients from `--abuse-from`
 * minutes on. Runs parse_access_log then http_threat in this process, in batches of 500 lines, with the
 * behaviour part on (login route POST /account/login, failed 401/403/429, usernames from user.name) and,
 * over the same lines, off. Prints per abuse kind the share of its clients flagged (a request with a
 * behaviour reason), the class named, the time and requests from its first request to its first flag; per
 * normal kind the share of clients and of requests flagged; and lines/s of both runs.
 * Usage: npm run bench:threat-behaviour [-- --seed 7 --minutes 30 --visitors 3000 --rounds 2 --scanner-paths dirsearch]
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { DeadLetters, LogEvent, Processor } from '../agent/kit.js';
import { httpThreatProcessor } from '../processors/http_threat/index.js';
import { parseAccessLogConfig } from '../processors/parse_access_log/config.js';
import { ParseAccessLog } from '../processors/parse_access_log/parse-access-log.js';
import { isProbePath } from '../processors/http_threat/behaviour/probe-paths.js';
import { DIRSEARCH_VERSION, ensureDirsearchScan } from '../scripts/threat-corpus/dirsearch-paths.js';
import { ABUSE_KINDS, NORMAL_KINDS, combinedLine, generateClientTraffic, LOGIN_PATH, type ClientKind } from '../scripts/threat-corpus/client-traffic.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '7' },
    minutes: { type: 'string', default: '30' },
    visitors: { type: 'string', default: '3000' },
    'abuse-from': { type: 'string', default: '8' },
    rounds: { type: 'string', default: '2' },
    // `dirsearch`: scanners walk dirsearch's default scan (fetched from PyPI) instead of the generated paths.
    'scanner-paths': { type: 'string', default: 'generated' },
  },
});
const minutes = Number(values.minutes);
const BATCH = 500;
const EPOCH = Date.UTC(2026, 11, 5, 9, 0, 0);
const root = path.resolve(import.meta.dirname, '../..');
const work = path.join(root, '.cache', 'bench', 'threat-behaviour');
const deadLetters: DeadLetters = { location: 'memory', write: async () => undefined, count: () => undefined };

export const BEHAVIOUR_SETTINGS = {
  login: { routes: [{ method: 'POST', path: `^${LOGIN_PATH}$` }], failed_status: [401, 403, 429], username_field: 'user.name' },
};

interface Flag {
  kind: ClientKind;
  requests: number;
  firstAt: number;
  flaggedRequests: number;
  /** Time and requests from the client's first request to its first flag. */
  firstFlagAt: number | undefined;
  requestsToFlag: number | undefined;
  classes: Map<string, number>;
}

interface Run {
  seconds: number;
  flags: Map<string, Flag> | undefined;
  windows: Record<string, number>;
}

async function run(lines: readonly string[], times: readonly number[], kinds: ReadonlyMap<string, ClientKind>, behaviour: boolean): Promise<Run> {
  await mkdir(work, { recursive: true });
  const stateDir = await mkdtemp(path.join(work, 'state-'));
  const metrics = new Registry();
  const config = httpThreatProcessor.config.parse(behaviour ? { behaviour: BEHAVIOUR_SETTINGS } : {});
  const threat: Processor = await httpThreatProcessor.create(config, { id: 'threats', location: 'processors[1]', logger: pino({ level: 'silent' }), stateDir, configDir: work, deadLetters, metrics });
  const parser = new ParseAccessLog(parseAccessLogConfig.parse({}));
  const flags = behaviour ? new Map<string, Flag>() : undefined;
  let seconds = 0;
  for (let offset = 0; offset < lines.length; offset += BATCH) {
    const events: LogEvent[] = lines.slice(offset, offset + BATCH).map((message) => ({ '@timestamp': '2026-12-05T09:00:00.000Z', message }));
    const start = performance.now();
    parser.process(events);
    await threat.process(events);
    seconds += (performance.now() - start) / 1000;
    // As between the reads of an input: lets the training worker's refits land (they would wait for the end otherwise).
    await new Promise((resolve) => setImmediate(resolve));
    if (flags) events.forEach((event, i) => record(flags, kinds, event, times[offset + i] as number));
  }
  await threat.close?.();
  const windows: Record<string, number> = {};
  for (const value of (await metrics.getSingleMetric('sidecar_threat_behaviour_windows_total')?.get())?.values ?? []) windows[String(value.labels.outcome)] = value.value;
  await rm(stateDir, { recursive: true, force: true });
  return { seconds, flags, windows };
}

function record(flags: Map<string, Flag>, kinds: ReadonlyMap<string, ClientKind>, event: LogEvent, t: number): void {
  const ip = (event.source as { ip?: string } | undefined)?.ip as string;
  let flag = flags.get(ip);
  if (flag === undefined) {
    flag = { kind: kinds.get(ip) as ClientKind, requests: 0, firstAt: t, flaggedRequests: 0, firstFlagAt: undefined, requestsToFlag: undefined, classes: new Map() };
    flags.set(ip, flag);
  }
  flag.requests++;
  const reasons = (event.threat as { reasons?: { detector: string; class: string }[] } | undefined)?.reasons ?? [];
  const reason = reasons.find((r) => r.detector === 'behaviour');
  if (reason === undefined) return;
  flag.flaggedRequests++;
  flag.classes.set(reason.class, (flag.classes.get(reason.class) ?? 0) + 1);
  if (flag.firstFlagAt === undefined) {
    flag.firstFlagAt = t - flag.firstAt;
    flag.requestsToFlag = flag.requests;
  }
}

const pct = (part: number, whole: number) => (whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}% (${part}/${whole})`);
const median = (xs: number[]) => {
  if (xs.length === 0) return undefined;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
};

function report(flags: Map<string, Flag>): void {
  console.log('\nAbusive clients (flagged: at least one request with a behaviour reason):\n');
  console.log('| kind | clients flagged | their requests flagged | classes named (flagged requests) | median time to first flag | median requests to first flag |');
  console.log('|---|---:|---:|---|---:|---:|');
  for (const kind of ABUSE_KINDS) {
    const clients = [...flags.values()].filter((f) => f.kind === kind);
    const flagged = clients.filter((f) => f.firstFlagAt !== undefined);
    const classes = new Map<string, number>();
    for (const f of flagged) for (const [cls, n] of f.classes) classes.set(cls, (classes.get(cls) ?? 0) + n);
    const named = [...classes].sort((a, b) => b[1] - a[1]).map(([cls, n]) => `${cls} ${n}`).join(', ') || '–';
    const time = median(flagged.map((f) => f.firstFlagAt as number));
    const requests = median(flagged.map((f) => f.requestsToFlag as number));
    const sum = (key: 'requests' | 'flaggedRequests') => clients.reduce((s, f) => s + f[key], 0);
    console.log(`| ${kind} | ${pct(flagged.length, clients.length)} | ${pct(sum('flaggedRequests'), sum('requests'))} | ${named} | ${time === undefined ? '–' : `${(time / 1000).toFixed(1)} s`} | ${requests ?? '–'} |`);
  }
  console.log('\nNormal clients (false positives):\n');
  console.log('| kind | clients flagged | requests flagged | classes named (flagged requests) |');
  console.log('|---|---:|---:|---|');
  const all = { clients: 0, flagged: 0, requests: 0, flaggedRequests: 0 };
  for (const kind of NORMAL_KINDS) {
    const clients = [...flags.values()].filter((f) => f.kind === kind);
    const flagged = clients.filter((f) => f.firstFlagAt !== undefined);
    const requests = clients.reduce((s, f) => s + f.requests, 0);
    const flaggedRequests = clients.reduce((s, f) => s + f.flaggedRequests, 0);
    const classes = new Map<string, number>();
    for (const f of flagged) for (const [cls, n] of f.classes) classes.set(cls, (classes.get(cls) ?? 0) + n);
    const named = [...classes].sort((a, b) => b[1] - a[1]).map(([cls, n]) => `${cls} ${n}`).join(', ') || '–';
    console.log(`| ${kind} | ${pct(flagged.length, clients.length)} | ${pct(flaggedRequests, requests)} | ${named} |`);
    all.clients += clients.length;
    all.flagged += flagged.length;
    all.requests += requests;
    all.flaggedRequests += flaggedRequests;
  }
  console.log(`| **all normal** | ${pct(all.flagged, all.clients)} | ${pct(all.flaggedRequests, all.requests)} | |`);
}

async function main(): Promise<void> {
  const durationMs = minutes * 60_000;
  const abuseFrom = Number(values['abuse-from']) * 60_000;
  const scannerPaths = values['scanner-paths'] === 'dirsearch' ? await ensureDirsearchScan((line) => process.stderr.write(`${line}\n`)) : undefined;
  if (scannerPaths !== undefined) {
    const probes = scannerPaths.filter(isProbePath).length;
    console.log(`Scanners walk dirsearch ${DIRSEARCH_VERSION}'s default scan (${scannerPaths.length} paths, each from a random place); the probe-path list matches ${probes} of them (${((100 * probes) / scannerPaths.length).toFixed(1)} %).`);
  }
  const traffic = generateClientTraffic({
    ...(scannerPaths === undefined ? {} : { scannerPaths }),
    seed: Number(values.seed),
    durationMs,
    visitors: Number(values.visitors),
    offices: 20,
    crawlers: 10,
    abusers: { brute_force: 10, credential_stuffing: 30, scanning: 10, flood: 10, errors: 10 },
    abuseFrom,
  });
  const lines = traffic.requests.map((r) => combinedLine(r, EPOCH));
  const times = traffic.requests.map((r) => r.t);
  const perKind = new Map<string, number>();
  for (const kind of traffic.kinds.values()) perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
  console.log(`Generated traffic: seed ${values.seed}, ${minutes} simulated minutes, ${lines.length} requests from ${traffic.kinds.size} clients (${[...perKind].map(([k, n]) => `${n} ${k}`).join(', ')}); abuse starts from minute ${values['abuse-from']}.`);
  console.log(`Behaviour settings: defaults (60s window, 12 buckets, min_requests 10, forest 100 trees, ψ 256, warm-up 2000 windows, training window 50,000, contamination 0.01, weight 0.5) and ${JSON.stringify(BEHAVIOUR_SETTINGS)}.`);
  let judged: Run | undefined;
  const speeds: string[] = [];
  for (let round = 1; round <= Number(values.rounds); round++) {
    const off = await run(lines, times, traffic.kinds, false);
    const on = await run(lines, times, traffic.kinds, true);
    judged ??= on;
    speeds.push(`round ${round}: behaviour off ${Math.round(lines.length / off.seconds)} lines/s, on ${Math.round(lines.length / on.seconds)} lines/s (${((on.seconds / off.seconds - 1) * 100).toFixed(0)}% more time per line)`);
  }
  const flags = judged?.flags as Map<string, Flag>;
  report(flags);
  console.log(`\nClient windows judged: ${Object.entries(judged?.windows ?? {}).map(([k, n]) => `${k} ${n}`).join(', ')} (learning: before the first fit, no verdicts).`);
  console.log('\nparse_access_log + http_threat, one thread, batches of 500 (first fit included in the behaviour run):');
  for (const line of speeds) console.log(`- ${line}`);
}

// The forest trains in a worker that does not hold the process open (unref): this does, until the end.
const alive = setInterval(() => undefined, 60_000);
await main().finally(() => clearInterval(alive));
