/**
 * The agent on two Node.js releases side by side: the machine's `node` and the release the project is tested
 * on (scripts/node-runtime.mjs), alternating, median of `--runs`:
 *   - start-up: `sidecar-ai validate` (module loading and config checks) and `run --once` on an empty log
 *     (start, open every component, stop);
 *   - 1,000,000 JSON lines file → file, raw and with parse_json: wall time, CPU seconds (user + sys from
 *     /usr/bin/time) and peak RSS.
 * Usage: npm run bench:runtimes [-- --lines 1000000 --runs 3]
 */
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { agentExecutable } from '../scripts/agent-executable.js';

const { values: options } = parseArgs({ options: { lines: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '3' } } });
const LINES = Number(options.lines);
const RUNS = Number(options.runs);
const root = path.resolve(import.meta.dirname, '../..');
const work = path.join(root, '.cache', 'bench', 'node-runtimes');
const cli = agentExecutable(root);
const input = path.join(work, `input-${LINES}.log`);

interface Measure {
  seconds: number;
  cpuSeconds: number;
  peakRssMiB: number;
}

async function makeInput(file: string, lines: number): Promise<void> {
  if (existsSync(file)) return;
  await mkdir(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  const base = Date.parse('2026-11-02T09:00:00Z');
  for (let i = 0; i < lines; i++) {
    const line = `{"@timestamp":"${new Date(base + i * 3).toISOString()}","level":"INFO","logger":"c.e.shop.checkout.PaymentController","message":"Order ${100000 + (i % 900000)} paid amount=${(i % 9973) / 100} EUR","trace_id":"${(i * 2654435761).toString(16).padStart(16, '0')}"}\n`;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/** Runs `node args` under GNU time; its -f report gives wall, user + sys and the peak RSS of the process. */
async function timed(node: string, args: string[]): Promise<Measure> {
  const report = path.join(work, 'time.txt');
  const child = spawn('/usr/bin/time', ['-f', '%e %U %S %M', '-o', report, node, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`${node} ${args.join(' ')} exited with ${code}`);
  const [wall, user, sys, maxKiB] = readFileSync(report, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number) as [number, number, number, number];
  return { seconds: wall, cpuSeconds: user + sys, peakRssMiB: maxKiB / 1024 };
}

async function config(name: string, include: string, processors: string): Promise<string> {
  const dir = path.join(work, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'bench.yaml');
  await writeFile(file, `state_dir: ${dir}/state\nlog: { level: warn }\ninputs:\n  - type: file\n    include: ["${include}"]\nprocessors: ${processors}\noutputs:\n  - type: file\n    path: ${dir}/out.ndjson\n`);
  return file;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

const runtimes = [
  { name: `Node.js ${process.versions.node} (this machine's node)`, node: process.execPath },
  { name: '', node: execFileSync(process.execPath, [path.join(root, 'scripts', 'node-runtime.mjs'), '--which'], { encoding: 'utf8' }).trim() },
];
runtimes[1]!.name = `Node.js ${execFileSync(runtimes[1]!.node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim()} (tested release)`;

await makeInput(input, LINES);
const empty = path.join(work, 'empty.log');
await writeFile(empty, '');
const workloads: { name: string; args: () => Promise<string[]> }[] = [
  { name: 'start-up: validate', args: async () => [cli, 'validate', '-c', await config('validate', empty, '[]')] },
  { name: 'start-up: run --once, empty log', args: async () => [cli, 'run', '--once', '-c', await config('empty', empty, '[]')] },
  { name: `${LINES.toLocaleString('en')} lines, raw`, args: async () => [cli, 'run', '--once', '-c', await config('raw', input, '[]')] },
  { name: `${LINES.toLocaleString('en')} lines, parse_json`, args: async () => [cli, 'run', '--once', '-c', await config('parse', input, '[{ type: parse_json }]')] },
];

const rows: string[] = [];
for (const workload of workloads) {
  const results = runtimes.map(() => [] as Measure[]);
  for (let run = 0; run < RUNS; run++) {
    for (const [i, runtime] of runtimes.entries()) results[i]!.push(await timed(runtime.node, await workload.args()));
  }
  for (const [i, runtime] of runtimes.entries()) {
    const r = results[i]!;
    rows.push(`| ${workload.name} | ${runtime.name} | ${median(r.map((m) => m.seconds)).toFixed(2)} | ${median(r.map((m) => m.cpuSeconds)).toFixed(2)} | ${median(r.map((m) => m.peakRssMiB)).toFixed(0)} |`);
  }
}
process.stdout.write(`Median of ${RUNS} alternating runs; wall and CPU (user + sys) seconds and peak RSS from /usr/bin/time.\n\n| workload | runtime | wall s | CPU s | peak RSS MiB |\n| --- | --- | ---: | ---: | ---: |\n${rows.join('\n')}\n`);
