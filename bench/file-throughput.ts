/**
 * File → file throughput: 1,000,000 JSON log lines read from a file and written to an NDJSON file, by
 * sidecar-ai and, in the same invocation, by references on the same input:
 *   - `wc -l` (a lower bound: just reading and counting bytes),
 *   - rsyslog, the classic C log shipper, imfile → omfile, twice: with a `%msg%` template (raw lines out, like
 *     sidecar-ai's `codec: text`) and with a JSON template holding the same ECS fields sidecar-ai writes
 *     (like its default `codec: json`), so each sidecar-ai mode is compared with rsyslog doing the same work.
 * Prints lines/s, MiB/s, wall time and peak RSS for each. Usage:
 *   npm run bench:file [-- --lines 1000000 --runs 3]
 * rsyslog comes from Debian (apt-get install rsyslog); it is installed when missing and we are root.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { agentExecutable } from '../scripts/agent-executable.js';

const { values: options } = parseArgs({ options: { lines: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '3' } } });
const LINES = Number(options.lines);
const RUNS = Number(options.runs);
const root = path.resolve(import.meta.dirname, '../..');
const work = path.join(root, '.cache', 'bench', 'file-throughput');
const input = path.join(work, `input-${LINES}.log`);
const cli = agentExecutable(root);

interface Result {
  name: string;
  seconds: number;
  lines: number;
  peakRssMiB: number | undefined;
}

async function makeInput(): Promise<void> {
  if (existsSync(input)) return;
  await mkdir(work, { recursive: true });
  const out = createWriteStream(input);
  const levels = ['INFO', 'INFO', 'INFO', 'WARN', 'ERROR', 'DEBUG'];
  const base = Date.parse('2026-11-02T09:00:00Z');
  for (let i = 0; i < LINES; i++) {
    const line = `{"@timestamp":"${new Date(base + i * 3).toISOString()}","level":"${levels[i % levels.length]}","logger":"c.e.shop.checkout.PaymentController","thread":"http-nio-8080-exec-${i % 16}","message":"Order ${100000 + (i % 900000)} paid amount=${(i % 9973) / 100} EUR","trace_id":"${(i * 2654435761).toString(16).padStart(16, '0')}"}\n`;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/** Samples a process's resident set size until it exits; returns the peak in MiB. */
function watchRss(pid: number): () => number | undefined {
  let peak = 0;
  const timer = setInterval(() => {
    try {
      // Read in-process: spawning a reader every 50 ms would take CPU from the process being measured.
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
    } catch {
      // exited
    }
  }, 50);
  return () => {
    clearInterval(timer);
    return peak || undefined;
  };
}

async function countLines(file: string): Promise<number> {
  if (!existsSync(file)) return 0;
  return Number(execFileSync('wc', ['-l', file], { encoding: 'utf8' }).trim().split(/\s+/)[0]);
}

async function runWc(): Promise<Result> {
  const start = performance.now();
  const out = spawnSync('wc', ['-l', input], { encoding: 'utf8' });
  const seconds = (performance.now() - start) / 1000;
  return { name: 'wc -l', seconds, lines: Number(out.stdout.trim().split(/\s+/)[0]), peakRssMiB: undefined };
}

type SidecarMode = 'json' | 'json+parse_json' | 'text';
type RsyslogMode = 'msg' | 'json';

async function runSidecar(mode: SidecarMode): Promise<Result> {
  const processors = mode === 'json+parse_json' ? '[{ type: parse_json }]' : '[]';
  const codec = mode === 'text' ? 'text' : 'json';
  const dir = path.join(work, 'sidecar');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const config = path.join(dir, 'bench.yaml');
  const output = path.join(dir, 'out.ndjson');
  await writeFile(
    config,
    `state_dir: ${dir}/state\nlog: { level: warn }\ninputs:\n  - type: file\n    include: ["${input}"]\nprocessors: ${processors}\noutputs:\n  - type: file\n    path: ${output}\n    codec: ${codec}\n`,
  );
  const start = performance.now();
  const child = spawn(process.execPath, [cli, 'run', '--once', '-c', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  const stopRss = watchRss(child.pid as number);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const seconds = (performance.now() - start) / 1000;
  const peakRssMiB = stopRss();
  if (code !== 0) throw new Error(`sidecar-ai exited with ${code}`);
  const name = { json: 'sidecar-ai, codec json (ECS documents)', 'json+parse_json': 'sidecar-ai, codec json, with parse_json', text: 'sidecar-ai, codec text (messages)' }[mode];
  return { name, seconds, lines: await countLines(output), peakRssMiB };
}

function ensureRsyslog(): string | undefined {
  const find = () => ['/usr/sbin/rsyslogd', '/sbin/rsyslogd'].find((p) => existsSync(p));
  if (find()) return find();
  if (process.getuid?.() === 0) {
    process.stderr.write('installing rsyslog from Debian packages...\n');
    spawnSync('apt-get', ['install', '-y', '-q', 'rsyslog'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  return find();
}

/** The ECS document sidecar-ai writes by default, as an rsyslog list template (imfile metadata gives path and offset). */
const RSYSLOG_JSON_TEMPLATE = `template(name="out" type="list") {
  constant(value="{\\"@timestamp\\":\\"") property(name="timegenerated" dateFormat="rfc3339")
  constant(value="\\",\\"message\\":\\"") property(name="msg" format="json")
  constant(value="\\",\\"log\\":{\\"file\\":{\\"path\\":\\"") property(name="$!metadata!filename" format="json")
  constant(value="\\"},\\"offset\\":") property(name="$!metadata!fileoffset")
  constant(value="},\\"event\\":{\\"ingested\\":\\"") property(name="timegenerated" dateFormat="rfc3339")
  constant(value="\\"},\\"host\\":{\\"name\\":\\"") property(name="hostname" format="json")
  constant(value="\\"}}\\n")
}`;

async function runRsyslog(rsyslogd: string, mode: RsyslogMode): Promise<Result> {
  const dir = path.join(work, 'rsyslog');
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.join(dir, 'work'), { recursive: true });
  const output = path.join(dir, 'out.log');
  const conf = path.join(dir, 'rsyslog.conf');
  await writeFile(
    conf,
    `global(workDirectory="${dir}/work" maxMessageSize="64k")
module(load="imfile" mode="inotify")
${mode === 'msg' ? 'template(name="out" type="string" string="%msg%\\n")' : RSYSLOG_JSON_TEMPLATE}
ruleset(name="bench") { action(type="omfile" file="${output}" template="out") }
input(type="imfile" file="${input}" tag="bench" ruleset="bench" addMetadata="${mode === 'json' ? 'on' : 'off'}")
`,
  );
  const start = performance.now();
  const child = spawn(rsyslogd, ['-n', '-f', conf, '-i', path.join(dir, 'rsyslogd.pid')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const stopRss = watchRss(child.pid as number);
  // rsyslog never "finishes" a file: the time is taken when its output holds every line.
  let lines = 0;
  const deadline = Date.now() + 600_000;
  while (lines < LINES && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    lines = (await stat(output).catch(() => undefined)) ? await countLines(output) : 0;
  }
  const seconds = (performance.now() - start) / 1000;
  const peakRssMiB = stopRss();
  child.kill('SIGTERM');
  await new Promise((resolve) => child.on('exit', resolve));
  return { name: mode === 'msg' ? 'rsyslogd, %msg% template (messages)' : 'rsyslogd, JSON template (ECS documents)', seconds, lines, peakRssMiB };
}

function median(results: Result[]): Result {
  const sorted = [...results].sort((a, b) => a.seconds - b.seconds);
  return sorted[Math.floor(sorted.length / 2)] as Result;
}

await makeInput();
const bytes = (await stat(input)).size;
const rsyslogd = ensureRsyslog();
const candidates: [string, () => Promise<Result>][] = [
  ['wc', runWc],
  ['sidecar-text', () => runSidecar('text')],
  ...(rsyslogd ? [['rsyslog-msg', () => runRsyslog(rsyslogd, 'msg')] as [string, () => Promise<Result>]] : []),
  ['sidecar-json', () => runSidecar('json')],
  ...(rsyslogd ? [['rsyslog-json', () => runRsyslog(rsyslogd, 'json')] as [string, () => Promise<Result>]] : []),
  ['sidecar-json+parse_json', () => runSidecar('json+parse_json')],
];
const table = new Map<string, Result>();
for (const [key, run] of candidates) {
  const results: Result[] = [];
  for (let i = 0; i < RUNS; i++) results.push(await run());
  table.set(key, median(results));
}
const mib = bytes / 1024 / 1024;
const header = `file → file, ${LINES.toLocaleString('en')} JSON lines (${mib.toFixed(1)} MiB), median of ${RUNS} runs, ${os.cpus().length} cores, node ${process.version}`;
const rows = [...table.values()].map((r) => {
  const lps = r.lines / r.seconds;
  return `| ${r.name} | ${r.lines.toLocaleString('en')} | ${r.seconds.toFixed(2)} | ${Math.round(lps).toLocaleString('en')} | ${(mib / r.seconds).toFixed(1)} | ${r.peakRssMiB === undefined ? '–' : r.peakRssMiB.toFixed(0)} |`;
});
process.stdout.write(`${header}\n\n| tool | lines out | seconds | lines/s | MiB/s | peak RSS MiB |\n| --- | --- | --- | --- | --- | --- |\n${rows.join('\n')}\n`);
const rate = (r: Result): number => r.lines / r.seconds;
for (const [ours, theirs, what] of [
  ['sidecar-text', 'rsyslog-msg', 'messages out (codec text vs %msg%)'],
  ['sidecar-json', 'rsyslog-json', 'ECS JSON documents out'],
  ['sidecar-json', 'rsyslog-msg', 'sidecar-ai ECS JSON vs rsyslog %msg%'],
] as const) {
  const a = table.get(ours);
  const b = table.get(theirs);
  if (a && b) process.stdout.write(`sidecar-ai / rsyslog lines/s, ${what}: ${(rate(a) / rate(b)).toFixed(2)}x\n`);
}
if (!rsyslogd) process.stdout.write('\nrsyslog not found (apt-get install rsyslog) — reference run skipped\n');

