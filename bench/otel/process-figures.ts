/**
 * Times one tool the same way for every tool: from spawn until its output holds every event, with CPU
 * seconds (user + system, all threads) and peak RSS read from /proc at that moment, before it is stopped.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { EventCounter } from './event-counters.js';

export interface RunFigures {
  tool: string;
  events: number;
  /** Spawn until every event is in the output. */
  seconds: number;
  /** Spawn until the first event is in the output. */
  firstEventSeconds: number;
  cpuSeconds: number;
  /** CPU seconds from the first event seen to the last, and the events in between: the cost per event without start-up. */
  steadyCpuSeconds: number;
  steadyEvents: number;
  peakRssMiB: number;
}

const POLL_MS = 20;

async function procFigures(pid: number): Promise<{ cpuSeconds: number; peakRssMiB: number }> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ (100 on Linux)
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const peakRssMiB = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) / 1024;
  return { cpuSeconds, peakRssMiB };
}

export async function runUntilDelivered(
  tool: string,
  command: string,
  args: readonly string[],
  counter: EventCounter,
  expected: number,
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; onStdout?: (chunk: string) => void } = {},
): Promise<RunFigures> {
  const start = performance.now();
  const child = spawn(command, args, { stdio: ['ignore', options.onStdout ? 'pipe' : 'ignore', 'pipe'], env: options.env ?? process.env });
  if (options.onStdout) child.stdout?.setEncoding('utf8').on('data', options.onStdout);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-8000)));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.on('exit', () => ((exited = true), resolve())));
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  let firstEventSeconds = Number.NaN;
  let first = { cpuSeconds: 0, events: 0 };
  let events = 0;
  try {
    while (events < expected) {
      if (exited) throw new Error(`${tool} exited before delivering (${events} of ${expected}):\n${stderr}`);
      if (Date.now() > deadline) throw new Error(`${tool}: ${events} of ${expected} events after the time limit:\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      events = await counter.count();
      if (events > 0 && Number.isNaN(firstEventSeconds)) {
        firstEventSeconds = (performance.now() - start) / 1000;
        first = { cpuSeconds: (await procFigures(child.pid as number)).cpuSeconds, events };
      }
    }
    const seconds = (performance.now() - start) / 1000;
    const figures = await procFigures(child.pid as number);
    return { tool, events, seconds, firstEventSeconds, ...figures, steadyCpuSeconds: figures.cpuSeconds - first.cpuSeconds, steadyEvents: events - first.events };
  } finally {
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exit;
    clearTimeout(killer);
    await counter.close();
  }
}
