/**
 * Speed of ticket inference: raw inference with transformers.js in this process (the reference),
 * and the agent (`sidecar-ai run`) doing the same work on a log file, in --once mode for throughput and in
 * streaming mode at a steady rate for per-ticket latency.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from '@huggingface/transformers';
import { useLocalModel } from '../../models/local-model.js';
import { meanPooledDirection } from '../../models/vectors.js';
import { agentExecutable } from '../../scripts/agent-executable.js';

const cli = agentExecutable(path.resolve(import.meta.dirname, '../../..'));
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How a raw run turns token states into a sentence vector. */
export type RawPooling = 'transformers.js' | 'plain mean';

export interface RawSetting {
  textsPerRun: number;
  /**
   * transformers.js's own mean pooling (masked: needed when a run pads texts), or the plain mean of the
   * token states, as the agent's embedder does for a text run alone (models/embedder.ts).
   */
  pooling: RawPooling;
}

export interface RawRun extends RawSetting {
  seconds: number;
  /** Each text's latency is the time of the inference run it was in. */
  latenciesMs: number[];
}

/** The reference: transformers.js alone, in this process, no worker, no pipeline. */
export async function rawInference(modelDir: string, texts: string[], setting: RawSetting): Promise<RawRun> {
  const { textsPerRun, pooling } = setting;
  if (pooling === 'plain mean' && textsPerRun !== 1) throw new Error('plain mean pooling needs one text per run (no padding)');
  const model = useLocalModel(modelDir);
  const extractor = await pipeline('feature-extraction', model.id, { dtype: model.dtype });
  const embed = async (chunk: string[]) => {
    if (pooling === 'transformers.js') return extractor(chunk, { pooling: 'mean', normalize: true });
    const output = await extractor(chunk, { pooling: 'none' });
    const [, tokens, width] = output.dims as [number, number, number];
    return meanPooledDirection(output.data as Float32Array, tokens, width);
  };
  try {
    await embed(texts.slice(0, textsPerRun)); // warm-up: the first call compiles kernels
    const latenciesMs: number[] = [];
    const start = performance.now();
    for (let i = 0; i < texts.length; i += textsPerRun) {
      const chunk = texts.slice(i, i + textsPerRun);
      const t0 = performance.now();
      await embed(chunk);
      const ms = performance.now() - t0;
      for (let j = 0; j < chunk.length; j++) latenciesMs.push(ms);
    }
    return { textsPerRun, pooling, seconds: (performance.now() - start) / 1000, latenciesMs };
  } finally {
    await extractor.dispose();
  }
}

function peakRssMiB(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

export interface AgentRun {
  /** Spawn to exit. */
  processSeconds: number;
  /** "agent started" (components built, models loaded) to "agent stopped". */
  shippingSeconds: number;
  peakRssMiB: number;
  eventsOut: number;
}

function logTime(logs: string, msg: string): number {
  const line = logs.split('\n').find((l) => l.includes(`"msg":"${msg}"`));
  if (line === undefined) throw new Error(`no "${msg}" in the agent's logs:\n${logs.slice(-2000)}`);
  return (JSON.parse(line) as { time: number }).time;
}

/** Runs `sidecar-ai run --once` (config with log level info) and times it. */
export async function runAgentOnce(config: string, output: string): Promise<AgentRun> {
  const start = performance.now();
  const child = spawn(process.execPath, [cli, 'run', '--once', '-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let logs = '';
  let peak = 0;
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (logs += chunk));
  const sampler = setInterval(() => (peak = Math.max(peak, peakRssMiB(child.pid as number))), 100);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(sampler);
  const processSeconds = (performance.now() - start) / 1000;
  if (code !== 0) throw new Error(`sidecar-ai exited with ${code}:\n${logs.slice(-2000)}`);
  const eventsOut = readFileSync(output, 'utf8').split('\n').filter((l) => l !== '').length;
  return { processSeconds, shippingSeconds: (logTime(logs, 'agent stopped') - logTime(logs, 'agent started')) / 1000, peakRssMiB: peak, eventsOut };
}

export interface LatencyRun {
  latenciesMs: number[];
  written: number;
  peakRssMiB: number;
}

/**
 * Starts `sidecar-ai run` on `input`, appends `line(sentAt)` at `rate` lines/s for `count` lines once the
 * agent is up, and measures when each line's event appears in `output` (polled every 5 ms).
 */
export async function agentLatency(config: string, input: string, output: string, line: (i: number, sentAt: number) => string, count: number, rate: number): Promise<LatencyRun> {
  await writeFile(input, '');
  const child = spawn(process.execPath, [cli, 'run', '-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let logs = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (logs += chunk));
  const deadline = Date.now() + 120_000;
  while (!logs.includes('"msg":"agent started"')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`agent did not start:\n${logs.slice(-2000)}`);
    await sleep(20);
  }
  const latenciesMs: number[] = [];
  // Only the bytes appended since the last poll are read: re-reading the whole output every 5 ms took CPU
  // from the agent as the file grew.
  let read = 0;
  let pending = '';
  const poll = () => {
    if (!existsSync(output)) return;
    const size = statSync(output).size;
    if (size <= read) return;
    const fd = openSync(output, 'r');
    const chunk = Buffer.allocUnsafe(size - read);
    try {
      readSync(fd, chunk, 0, chunk.length, read);
    } finally {
      closeSync(fd);
    }
    read = size;
    const seen = now();
    const lines = (pending + chunk.toString('utf8')).split('\n');
    pending = lines.pop() ?? '';
    for (const outLine of lines) {
      if (outLine === '') continue;
      const sent = (JSON.parse(outLine) as { sent?: number }).sent;
      if (typeof sent === 'number') latenciesMs.push(seen - sent);
    }
  };
  const started = now();
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / rate;
    while (now() < due) {
      poll();
      await sleep(Math.min(5, Math.max(0, due - now())));
    }
    appendFileSync(input, line(i, now()));
  }
  const waitUntil = Date.now() + 60_000;
  while (latenciesMs.length < count && Date.now() < waitUntil) {
    poll();
    await sleep(5);
  }
  const peak = peakRssMiB(child.pid as number);
  child.kill('SIGTERM');
  await new Promise((resolve) => child.on('exit', resolve));
  return { latenciesMs, written: count, peakRssMiB: peak };
}
