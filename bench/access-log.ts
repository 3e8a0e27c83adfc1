/**
 * parse_access_log throughput on realistic nginx `combined` lines (browsers, bots, scanners with long
 * injection query strings, IPv6 clients, `-` fields), next to references on the same lines in the same
 * invocation:
 *   - a bare `RegExp.exec` loop with the processor's own nginx_combined RegExp (the floor: matching alone,
 *     no fields written),
 *   - `JSON.parse` of the same records as nginx `escape=json` lines (what a JSON access log costs to read),
 *   - parse_access_log `format: json` on those JSON lines.
 * Parsing runs on the main thread only (the processor is synchronous), so the figures are one core's. CPU µs
 * per line is the process's user + system CPU time over the timed loop (GC threads included). Then, unless
 * --e2e-lines 0, an end-to-end `run --once` file → file with and without the processor.
 * Usage:
 *   npm run bench:access-log [-- --lines 200000 --runs 5 --e2e-lines 200000]
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { LogEvent } from '../agent/event.js';
import { parseAccessLogConfig } from '../processors/parse_access_log/config.js';
import { PATTERN_FORMATS } from '../processors/parse_access_log/formats.js';
import { ParseAccessLog } from '../processors/parse_access_log/parse-access-log.js';
import { compilePattern } from '../processors/parse_access_log/patterns.js';
import { xorshift as random } from './xorshift.js';
import { agentExecutable } from '../scripts/agent-executable.js';

const { values: options } = parseArgs({
  options: { lines: { type: 'string', default: '200000' }, runs: { type: 'string', default: '5' }, 'e2e-lines': { type: 'string', default: '200000' } },
});
const LINES = Number(options.lines);
const RUNS = Number(options.runs);
const E2E_LINES = Number(options['e2e-lines']);
const BATCH = 1000;
/** The later goal for parse + threat score together, per core. */
const GOAL_LINES_PER_S = 50_000;
const root = path.resolve(import.meta.dirname, '../..');
const work = path.join(root, '.cache', 'bench', 'access-log');

interface Row {
  name: string;
  linesPerS: number;
  cpuUsPerLine: number;
}


const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
];
const SCANNERS = ['sqlmap/1.7.2#stable (https://sqlmap.org)', 'Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000003)', 'masscan/1.3 (https://github.com/robertdavidgraham/masscan)', 'python-requests/2.31.0', '-'];
const PATHS = ['/', '/products', '/products/1234', '/cart', '/api/v1/orders', '/static/app.9f2c1.js', '/static/logo.png', '/login', '/search'];
const PROBES = ['/wp-login.php', '/.env', '/cgi-bin/luci/;stok=/locale', '/../../../../etc/passwd', '/phpmyadmin/index.php', '/.git/config'];
const INJECTION = "' UNION SELECT username,password FROM users-- ";

interface Record {
  ip: string;
  user: string;
  time: string;
  request: string;
  status: number;
  bytes: string;
  referrer: string;
  agent: string;
}

function records(count: number): Record[] {
  const rnd = random(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const out: Record[] = [];
  const base = Date.UTC(2026, 10, 2, 9, 0, 0);
  for (let i = 0; i < count; i++) {
    const scanner = rnd() < 0.1;
    const ip = rnd() < 0.15 ? `2001:db8:${Math.floor(rnd() * 0xffff).toString(16)}::${Math.floor(rnd() * 0xffff).toString(16)}` : `${1 + Math.floor(rnd() * 222)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}`;
    let target = scanner ? pick(PROBES) : pick(PATHS);
    const r = rnd();
    if (scanner && r < 0.5) target += `?id=${encodeURIComponent(INJECTION.repeat(1 + Math.floor(rnd() * 20)))}`;
    else if (r < 0.3) target += `?q=${Math.floor(rnd() * 1e6)}&page=${Math.floor(rnd() * 20)}&utm_source=newsletter&utm_campaign=spring`;
    const method = scanner && rnd() < 0.2 ? 'POST' : rnd() < 0.9 ? 'GET' : 'POST';
    const request = scanner && rnd() < 0.05 ? '\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03' : `${method} ${target} HTTP/${rnd() < 0.6 ? '1.1' : '2.0'}`;
    const status = scanner ? pick([400, 403, 404, 404, 404, 444]) : pick([200, 200, 200, 200, 304, 302, 404, 500]);
    const time = new Date(base + i * 20);
    const local = `${String(time.getUTCDate()).padStart(2, '0')}/Nov/2026:${String(time.getUTCHours()).padStart(2, '0')}:${String(time.getUTCMinutes()).padStart(2, '0')}:${String(time.getUTCSeconds()).padStart(2, '0')} +0000`;
    out.push({
      ip,
      user: rnd() < 0.05 ? `user${Math.floor(rnd() * 1000)}` : '-',
      time: local,
      request,
      status,
      bytes: status === 304 || status === 444 ? '0' : String(Math.floor(rnd() * 50_000)),
      referrer: scanner || rnd() < 0.4 ? '-' : `https://shop.example${pick(PATHS)}`,
      agent: scanner ? pick(SCANNERS) : pick(BROWSERS),
    });
  }
  return out;
}

const combined = (r: Record): string => `${r.ip} - ${r.user} [${r.time}] "${r.request}" ${r.status} ${r.bytes} "${r.referrer}" "${r.agent}"`;
/** nginx escape=json writes every variable as a string, `""` for unset ones. */
const jsonLine = (r: Record): string =>
  JSON.stringify({ time_local: r.time, remote_addr: r.ip, remote_user: r.user === '-' ? '' : r.user, request: r.request, status: String(r.status), body_bytes_sent: r.bytes, http_referer: r.referrer === '-' ? '' : r.referrer, http_user_agent: r.agent === '-' ? '' : r.agent });

const event = (message: string, offset: number): LogEvent => ({
  '@timestamp': '2026-11-02T09:00:00.000Z',
  message,
  log: { file: { path: '/var/log/nginx/access.log' }, offset },
  event: { ingested: '2026-11-02T09:00:00.000Z' },
  host: { name: 'web-1' },
});

/** Times `body` over the lines RUNS times (after one warm-up round); `prepare` (not timed) builds its input. */
function measure<T>(name: string, prepare: () => T, body: (input: T) => void): Row {
  const samples: { wall: number; cpu: number }[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const input = prepare();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    body(input);
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    if (run > 0) samples.push({ wall, cpu: (cpu.user + cpu.system) / 1e6 });
  }
  samples.sort((a, b) => a.wall - b.wall);
  const median = samples[Math.floor(samples.length / 2)] as { wall: number; cpu: number };
  return { name, linesPerS: LINES / median.wall, cpuUsPerLine: (median.cpu * 1e6) / LINES };
}

function batches(lines: readonly string[]): LogEvent[][] {
  const out: LogEvent[][] = [];
  for (let i = 0; i < lines.length; i += BATCH) out.push(lines.slice(i, i + BATCH).map((line, j) => event(line, (i + j) * 200)));
  return out;
}

let sink = 0;
const recs = records(LINES);
const combinedLines = recs.map(combined);
const jsonLines = recs.map(jsonLine);
const regex = compilePattern(PATTERN_FORMATS.nginx_combined).regex;
const nginx = new ParseAccessLog(parseAccessLogConfig.parse({}));
const json = new ParseAccessLog(parseAccessLogConfig.parse({ format: 'json' }));

// A parse check before timing: every generated line must parse (else the figures would be for failures).
const check = nginx.process(batches(combinedLines.slice(0, 5000)).flat());
const failed = check.filter((e) => e.tags?.includes('access_log_parse_failure')).length;
if (failed > 0) throw new Error(`${failed} generated lines did not parse`);

const rows: Row[] = [
  measure('RegExp.exec only (same nginx_combined RegExp, no fields)', () => combinedLines, (lines) => {
    for (const line of lines) sink += regex.exec(line)?.length ?? 0;
  }),
  measure('parse_access_log, format nginx_combined', () => batches(combinedLines), (input) => {
    for (const batch of input) sink += nginx.process(batch).length;
  }),
  measure('JSON.parse only (same records as escape=json lines)', () => jsonLines, (lines) => {
    for (const line of lines) sink += (JSON.parse(line) as { status: string }).status.length;
  }),
  measure('parse_access_log, format json', () => batches(jsonLines), (input) => {
    for (const batch of input) sink += json.process(batch).length;
  }),
];

const bytes = combinedLines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
process.stdout.write(
  `parse alone, ${LINES.toLocaleString('en')} nginx combined lines (mean ${Math.round(bytes / LINES)} bytes; ${Math.round((recs.filter((r) => r.agent.match(/sqlmap|Nikto|masscan|python|^-$/)).length / LINES) * 100)}% scanner traffic), batches of ${BATCH}, median of ${RUNS} runs, one core (single-threaded), ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}\n\n`,
);
process.stdout.write('| what | lines/s | CPU µs per line | share of the 50,000 lines/s budget (20 µs/line) |\n| --- | --- | --- | --- |\n');
for (const row of rows) {
  process.stdout.write(`| ${row.name} | ${Math.round(row.linesPerS).toLocaleString('en')} | ${row.cpuUsPerLine.toFixed(2)} | ${((row.cpuUsPerLine / (1e6 / GOAL_LINES_PER_S)) * 100).toFixed(0)}% |\n`);
}

async function endToEnd(withParser: boolean): Promise<Row> {
  const dir = path.join(work, withParser ? 'with' : 'without');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const config = path.join(dir, 'bench.yaml');
  const output = path.join(dir, 'out.ndjson');
  await writeFile(
    config,
    `state_dir: ${dir}/state\nlog: { level: warn }\ninputs:\n  - type: file\n    include: ["${path.join(work, 'access.log')}"]\nprocessors: ${withParser ? '[{ type: parse_access_log }]' : '[]'}\noutputs:\n  - type: file\n    path: ${output}\n`,
  );
  const start = performance.now();
  const child = spawn(process.execPath, [agentExecutable(root), 'run', '--once', '-c', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const seconds = (performance.now() - start) / 1000;
  if (code !== 0) throw new Error(`sidecar-ai exited with ${code}`);
  const text = await readFile(output, 'utf8');
  const lines = text.split('\n').length - 1;
  if (withParser && text.includes('access_log_parse_failure')) throw new Error('end-to-end: some lines did not parse');
  return { name: withParser ? 'run --once, parse_access_log' : 'run --once, no processor', linesPerS: lines / seconds, cpuUsPerLine: Number.NaN };
}

if (E2E_LINES > 0) {
  await mkdir(work, { recursive: true });
  const out = createWriteStream(path.join(work, 'access.log'));
  const e2e = E2E_LINES <= LINES ? combinedLines.slice(0, E2E_LINES) : records(E2E_LINES).map(combined);
  for (let i = 0; i < e2e.length; i += 10_000) out.write(`${e2e.slice(i, i + 10_000).join('\n')}\n`);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  const without = await endToEnd(false);
  const withParser = await endToEnd(true);
  process.stdout.write(`\nend to end, ${E2E_LINES.toLocaleString('en')} lines, file → parse_access_log → file (codec json), one run each, wall time including start-up:\n\n| what | lines/s |\n| --- | --- |\n`);
  for (const row of [without, withParser]) process.stdout.write(`| ${row.name} | ${Math.round(row.linesPerS).toLocaleString('en')} |\n`);
}
if (sink === 0) process.stdout.write('\n');
