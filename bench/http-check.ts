/**
 * The proxy check route under load: a real agent (`dist/bin/sidecar-ai.js run`) with http_threat behind
 * `api.http_check` on a free loopback port, and GET /v1/http/check requests sent as nginx auth_request sends
 * them (X-Original-URI, X-Original-Method, User-Agent, Referer, X-Forwarded-For), 1 in 10 an attack. Prints
 * checks/s and p50/p99 at 1, 8 and 64 clients (node:http keep-alive agents, one connection per client, in
 * this process, which shares the cores with the agent), the allow/deny counts, and any answer that was
 * neither 200 nor 403 or carried X-Threat-Error.
 * Usage:
 *   npm run bench:http-check [-- --seconds 3 --clients 1,8,64]
 */
import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { requestAt } from './http-request-mix.js';
import { percentile } from './percentile.js';
import { agentExecutable } from '../scripts/agent-executable.js';

const { values: options } = parseArgs({ options: { seconds: { type: 'string', default: '3' }, clients: { type: 'string', default: '1,8,64' } } });
const SECONDS = Number(options.seconds);
const CLIENTS = options.clients.split(',').map(Number);
const WARMUP_MS = 500;

const root = path.resolve(import.meta.dirname, '../..');
const cli = agentExecutable(root);
const work = path.join(root, '.cache', 'bench', 'http-check');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Tally {
  allow: number;
  deny: number;
  other: number;
}

function check(agent: http.Agent, port: number, i: number, tally: Tally): Promise<void> {
  const { target: uri, ua } = requestAt(i);
  return new Promise((resolve, reject) => {
    const headers = { 'x-original-uri': uri, 'x-original-method': 'GET', 'user-agent': ua, referer: 'https://shop.example/', 'x-forwarded-for': `198.51.100.${i % 250}` };
    const request = http.request({ host: '127.0.0.1', port, path: '/v1/http/check', method: 'GET', agent, headers }, (response) => {
      response.resume();
      response.on('end', () => {
        if (response.headers['x-threat-error'] !== undefined) tally.other++;
        else if (response.statusCode === 200) tally.allow++;
        else if (response.statusCode === 403) tally.deny++;
        else tally.other++;
        resolve();
      });
    });
    request.on('error', reject);
    request.end();
  });
}


async function run(port: number, clients: number, ms: number): Promise<{ perSecond: number; p50: number; p99: number; tally: Tally }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const tally: Tally = { allow: 0, deny: 0, other: 0 };
  const latencies: number[] = [];
  const start = performance.now();
  const end = start + ms;
  await Promise.all(
    Array.from({ length: clients }, async (_, worker) => {
      for (let i = worker; performance.now() < end; i += clients) {
        const t0 = performance.now();
        await check(agent, port, i, tally);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / ((performance.now() - start) / 1000), p50: percentile(latencies, 50), p99: percentile(latencies, 99), tally };
}

async function main(): Promise<void> {
  await rm(work, { recursive: true, force: true });
  await mkdir(path.join(work, 'logs'), { recursive: true });
  const config = path.join(work, 'agent.yaml');
  await writeFile(
    config,
    `state_dir: ${JSON.stringify(path.join(work, 'state'))}
log: { level: info }
api:
  listen: 127.0.0.1:0
  max_concurrent_requests: 64
  http_check: { processors: [threat], timeout: 250ms, on_error: allow }
inputs:
  - { type: file, include: [${JSON.stringify(path.join(work, 'logs', '*.log'))}] }
processors:
  - { type: http_threat, id: threat }
outputs:
  - { type: file, path: ${JSON.stringify(path.join(work, 'out.ndjson'))} }
`,
  );
  const child = spawn(process.execPath, [cli, 'run', '-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let logs = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (logs = (logs + chunk).slice(-20_000)));
  try {
    const deadline = Date.now() + 60_000;
    let port: number | undefined;
    while (port === undefined || !logs.includes('"msg":"agent started"')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`agent did not start:\n${logs.slice(-3000)}`);
      port ??= Number(/"address":"[^"]*:(\d+)","msg":"api listening"/.exec(logs)?.[1] ?? NaN) || undefined;
      await sleep(50);
    }
    console.log('| clients | checks/s | p50 ms | p99 ms | allow | deny | other |');
    console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const clients of CLIENTS) {
      await run(port, clients, WARMUP_MS);
      const r = await run(port, clients, SECONDS * 1000);
      console.log(`| ${clients} | ${Math.round(r.perSecond)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.tally.allow} | ${r.tally.deny} | ${r.tally.other} |`);
    }
  } finally {
    child.kill('SIGTERM');
  }
}

await main();
