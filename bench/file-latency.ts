/**
 * File → file end-to-end latency: lines are appended to a log at a steady rate, each carrying the time it was
 * written; the output file is tailed and each line's delay is measured when it shows up. Runs sidecar-ai
 * (streaming mode, default settings) and rsyslog (imfile → omfile, %msg%) in the same invocation and prints
 * p50 / p99 / max latency and peak RSS. The output is polled every 2 ms, which bounds the resolution. Usage:
 *   npm run bench:latency [-- --rate 20000 --seconds 5]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { percentile } from './percentile.js';
import { agentExecutable } from '../scripts/agent-executable.js';

const { values: options } = parseArgs({ options: { rate: { type: 'string', default: '20000' }, seconds: { type: 'string', default: '5' } } });
const RATE = Number(options.rate);
const SECONDS = Number(options.seconds);
const TICK_MS = 5;
const root = path.resolve(import.meta.dirname, '../..');
const work = path.join(root, '.cache', 'bench', 'file-latency');
const cli = agentExecutable(root);
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Measured {
  name: string;
  latencies: number[];
  expected: number;
  peakRssMiB: number;
}

function peakRss(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** Writes RATE lines/s for SECONDS into `log` while tailing `output`; returns each line's delay in ms. */
async function drive(log: string, output: string, child: ChildProcess): Promise<{ latencies: number[]; expected: number; peak: number }> {
  const latencies: number[] = [];
  let expected = 0;
  let offset = 0;
  let carry = '';
  let peak = 0;
  const buffer = Buffer.allocUnsafe(1 << 20);
  const sent = /sent\\?":(\d+\.\d+)/;
  const drain = () => {
    if (!existsSync(output)) return;
    const fd = openSync(output, 'r');
    try {
      for (;;) {
        const n = readSync(fd, buffer, 0, buffer.length, offset);
        if (n === 0) break;
        offset += n;
        const seen = now();
        const lines = (carry + buffer.toString('utf8', 0, n)).split('\n');
        carry = lines.pop() ?? '';
        for (const line of lines) {
          const match = sent.exec(line);
          if (match) latencies.push(seen - Number(match[1]));
        }
      }
    } finally {
      closeSync(fd);
    }
  };
  const perTick = Math.max(1, Math.round((RATE * TICK_MS) / 1000));
  const end = now() + SECONDS * 1000;
  let nextTick = now();
  let seq = 0;
  while (now() < end) {
    let text = '';
    const at = now().toFixed(3);
    for (let i = 0; i < perTick; i++) text += `{"level":"INFO","seq":${seq++},"sent":${at},"message":"payment authorized for order ${seq % 100000}"}\n`;
    appendFileSync(log, text);
    expected += perTick;
    nextTick += TICK_MS;
    while (now() < nextTick) {
      drain();
      await sleep(1);
    }
    peak = Math.max(peak, peakRss(child.pid as number));
  }
  const deadline = now() + 10_000;
  while (latencies.length < expected && now() < deadline) {
    drain();
    await sleep(2);
  }
  return { latencies, expected, peak: Math.max(peak, peakRss(child.pid as number)) };
}

async function measure(name: string, dir: string, start: (log: string, output: string) => Promise<ChildProcess>): Promise<Measured> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const log = path.join(dir, 'app.log');
  const output = path.join(dir, 'out.log');
  appendFileSync(log, '');
  const child = await start(log, output);
  await sleep(1500); // let it start and reach the end of the (empty) file
  const { latencies, expected, peak } = await drive(log, output, child);
  child.kill('SIGTERM');
  await new Promise((resolve) => child.on('exit', resolve));
  return { name, latencies, expected, peakRssMiB: peak };
}

const sidecar = () =>
  measure('sidecar-ai run', path.join(work, 'sidecar'), async (log, output) => {
    const config = path.join(path.dirname(log), 'bench.yaml');
    await writeFile(config, `state_dir: ${path.dirname(log)}/state\nlog: { level: warn }\ninputs:\n  - type: file\n    include: ["${log}"]\noutputs:\n  - type: file\n    path: ${output}\n`);
    return spawn(process.execPath, [cli, 'run', '-c', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  });

const rsyslogd = ['/usr/sbin/rsyslogd', '/sbin/rsyslogd'].find((p) => existsSync(p));
const rsyslog = () =>
  measure('rsyslogd imfile → omfile', path.join(work, 'rsyslog'), async (log, output) => {
    const dir = path.dirname(log);
    await mkdir(path.join(dir, 'work'), { recursive: true });
    const conf = path.join(dir, 'rsyslog.conf');
    await writeFile(
      conf,
      `global(workDirectory="${dir}/work")
module(load="imfile" mode="inotify")
template(name="msgonly" type="string" string="%msg%\\n")
ruleset(name="bench") { action(type="omfile" file="${output}" template="msgonly") }
input(type="imfile" file="${log}" tag="bench" ruleset="bench")
`,
    );
    return spawn(rsyslogd as string, ['-n', '-f', conf, '-i', path.join(dir, 'rsyslogd.pid')], { stdio: ['ignore', 'ignore', 'inherit'] });
  });


const results = [await sidecar(), ...(rsyslogd ? [await rsyslog()] : [])];
process.stdout.write(`file → file latency, ${RATE.toLocaleString('en')} lines/s for ${SECONDS} s, ${os.cpus().length} cores, node ${process.version}\n\n`);
process.stdout.write('| tool | lines seen / written | p50 ms | p99 ms | max ms | peak RSS MiB |\n| --- | --- | --- | --- | --- | --- |\n');
for (const r of results) {
  const sorted = [...r.latencies].sort((a, b) => a - b);
  process.stdout.write(
    `| ${r.name} | ${r.latencies.length.toLocaleString('en')} / ${r.expected.toLocaleString('en')} | ${percentile(sorted, 50).toFixed(1)} | ${percentile(sorted, 99).toFixed(1)} | ${(sorted.at(-1) ?? Number.NaN).toFixed(1)} | ${r.peakRssMiB.toFixed(0)} |\n`,
  );
}
if (!rsyslogd) process.stdout.write('\nrsyslog not found (apt-get install rsyslog) — reference run skipped\n');
