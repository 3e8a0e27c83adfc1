/**
 * What the proxy check adds to a request: one real nginx (scripts/nginx: the Debian package) with two servers in
 * front of the same small application (scripts/nginx/shop-app.ts, its own process): the plain one proxies
 * straight to it, the other is deploy/nginx/sidecar-auth-request.conf as users copy it, asking a real agent
 * (`dist/bin/sidecar-ai.js run`, http_threat behind api.http_check, also tailing nginx's access log) through
 * auth_request first. GET requests, 1 in 10 an attack, from node:http keep-alive clients in this process.
 * Prints, per path and number of clients: requests/s, p50/p99 latency, the agent's CPU (percent of one core
 * over the run) and resident memory, and the answers; then the latency auth_request adds.
 * Usage:
 *   npm run bench:nginx [-- --seconds 3 --clients 1,8,32]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { ensureNginx } from '../scripts/nginx/install.js';
import { NginxServer } from '../scripts/nginx/server.js';
import { readSidecarSite, renderSite } from '../scripts/nginx/site-config.js';
import { requestAt } from './http-request-mix.js';
import { percentile } from './percentile.js';
import { processCpuSeconds } from './process-sampler.js';
import { agentExecutable } from '../scripts/agent-executable.js';

const { values: options } = parseArgs({ options: { seconds: { type: 'string', default: '3' }, clients: { type: 'string', default: '1,8,32' } } });
const SECONDS = Number(options.seconds);
const CLIENTS = options.clients.split(',').map(Number);
const WARMUP_MS = 500;

const root = path.resolve(import.meta.dirname, '../..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Tally {
  ok: number;
  denied: number;
  other: number;
}

function send(agent: http.Agent, port: number, i: number, tally: Tally): Promise<void> {
  const { target, ua } = requestAt(i);
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: target, agent, headers: { 'user-agent': ua, referer: 'https://shop.example/' } }, (response) => {
      response.resume();
      response.on('end', () => {
        if (response.statusCode === 200) tally.ok++;
        else if (response.statusCode === 403) tally.denied++;
        else tally.other++;
        resolve();
      });
    });
    request.on('error', reject);
  });
}



function rssMiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
}

interface RunResult {
  perSecond: number;
  p50: number;
  p99: number;
  tally: Tally;
  agentCpuPercent: number;
}

async function run(port: number, clients: number, ms: number, agentPid: number): Promise<RunResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const tally: Tally = { ok: 0, denied: 0, other: 0 };
  const latencies: number[] = [];
  const cpuBefore = processCpuSeconds(agentPid);
  const start = performance.now();
  const end = start + ms;
  await Promise.all(
    Array.from({ length: clients }, async (_, worker) => {
      for (let i = worker; performance.now() < end; i += clients) {
        const t0 = performance.now();
        await send(agent, port, i, tally);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const agentCpuPercent = ((processCpuSeconds(agentPid) - cpuBefore) / seconds) * 100;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), tally, agentCpuPercent };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Spawns `node <script> ...args` and waits until its stderr or stdout matches `ready`. */
async function startNode(args: string[], ready: RegExp, what: string): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const match = ready.exec(output);
    if (match) return { child, match };
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${what} did not start:\n${output.slice(-3000)}`);
    await sleep(50);
  }
}

async function main(): Promise<void> {
  const install = await ensureNginx({ log: (line) => console.error(line) });
  // A temp folder, not .cache: started as root, nginx's workers run as nobody and must reach their folders.
  const work = await mkdtemp(path.join(os.tmpdir(), 'sidecar-bench-nginx-'));
  await chmod(work, 0o755);
  const accessLog = path.join(work, 'nginx', 'logs', 'access.log');
  const children: ChildProcess[] = [];
  let nginx: NginxServer | undefined;
  try {
    const app = await startNode([path.join(root, 'dist', 'scripts', 'nginx', 'shop-app.js')], /"port":(\d+)/, 'the application');
    children.push(app.child);
    const appPort = Number(app.match[1]);

    const agentPort = await freePort();
    const config = path.join(work, 'agent.yaml');
    await writeFile(
      config,
      `state_dir: ${JSON.stringify(path.join(work, 'state'))}
api:
  listen: 127.0.0.1:${agentPort}
  max_concurrent_requests: 64
  http_check: { processors: [threat], timeout: 250ms, on_error: allow }
inputs:
  - { type: file, include: [${JSON.stringify(accessLog)}] }
processors:
  - { type: parse_access_log, id: access, format: json, json_fields: nginx }
  - { type: http_threat, id: threat }
outputs:
  - { type: file, path: ${JSON.stringify(path.join(work, 'out.ndjson'))} }
`,
    );

    const [checked, direct] = [await freePort(), await freePort()];
    // The plain server reuses the deploy file's upstream and log format, so only auth_request differs.
    const plain = `server {
    listen 127.0.0.1:${direct};
    access_log ${accessLog} sidecar_json;
    location / {
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_pass http://sidecar_app;
    }
}
`;
    const site = renderSite(await readSidecarSite(), { port: checked, appPort, agentPort, accessLog });
    nginx = await NginxServer.start({ install, dir: path.join(work, 'nginx'), sites: [site, plain] });

    const agent = await startNode([agentExecutable(root), 'run', '-c', config], /"msg":"agent started"/, 'the agent');
    children.push(agent.child);
    const agentPid = agent.child.pid as number;

    console.log(`nginx ${install.version}${install.packageVersion ? ` (Debian ${install.packageVersion})` : ''}, 1 worker; ${os.cpus().length} cores, load average ${os.loadavg()[0]?.toFixed(1)} at start; ${SECONDS} s per row after ${WARMUP_MS} ms warm-up`);
    console.log('| path | clients | requests/s | p50 ms | p99 ms | agent CPU % | agent RSS MiB | 200 | 403 | other |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    const results = new Map<string, RunResult>();
    for (const clients of CLIENTS) {
      for (const [name, port] of [['nginx → app', direct], ['nginx + auth_request → agent → app', checked]] as const) {
        await run(port, clients, WARMUP_MS, agentPid);
        const r = await run(port, clients, SECONDS * 1000, agentPid);
        results.set(`${name}/${clients}`, r);
        console.log(
          `| ${name} | ${clients} | ${Math.round(r.perSecond)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.agentCpuPercent.toFixed(0)} | ${rssMiB(agentPid).toFixed(0)} | ${r.tally.ok} | ${r.tally.denied} | ${r.tally.other} |`,
        );
      }
    }
    console.log('\nAdded by auth_request (median and 99th percentile, ms):');
    for (const clients of CLIENTS) {
      const plainRun = results.get(`nginx → app/${clients}`) as RunResult;
      const checkedRun = results.get(`nginx + auth_request → agent → app/${clients}`) as RunResult;
      console.log(`  ${clients} client(s): p50 +${(checkedRun.p50 - plainRun.p50).toFixed(2)}, p99 +${(checkedRun.p99 - plainRun.p99).toFixed(2)}; requests/s ${Math.round(plainRun.perSecond)} → ${Math.round(checkedRun.perSecond)}`);
    }
  } finally {
    await nginx?.stop();
    const exits = children.map((child) => (child.exitCode !== null ? undefined : new Promise((resolve) => child.once('exit', resolve))));
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(exits);
    await rm(work, { recursive: true, force: true });
  }
}

await main();
