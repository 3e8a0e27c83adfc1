/**
 * The agent as the soak test runs it: the built CLI in a process of its own, its logs appended to one file
 * across restarts, its CPU time and memory read from /proc (worker threads included: they are threads of it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ProcUsage {
  /** user + system CPU seconds so far. */
  cpuSeconds: number;
  rssBytes: number;
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** CPU seconds and resident memory of a process, or undefined once it is gone. */
export async function procUsage(pid: number): Promise<ProcUsage | undefined> {
  try {
    const [stat, status] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8'), readFile(`/proc/${pid}/status`, 'utf8')]);
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return { cpuSeconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS, rssBytes: rss ? Number(rss[1]) * 1024 : Number.NaN };
  } catch {
    return undefined;
  }
}

export class SoakAgent {
  private recent = '';
  private readonly exited: Promise<number | string>;

  private constructor(
    readonly child: ChildProcess,
    log: WriteStream,
  ) {
    child.stderr?.on('data', (chunk: Buffer) => {
      log.write(chunk);
      // enough to find the lines waitForLog looks for, without keeping half an hour of logs in memory
      this.recent = (this.recent + chunk.toString()).slice(-256 * 1024);
    });
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  }

  static start(cli: string, config: string, log: WriteStream): SoakAgent {
    const child = spawn(process.execPath, [cli, 'run', '-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    return new SoakAgent(child, log);
  }

  static logFile(file: string): WriteStream {
    return createWriteStream(file, { flags: 'a' });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Forgets the logs seen so far: the next waitForLog looks only at what comes after. */
  mark(): void {
    this.recent = '';
  }

  /** The first of `texts` that appears in the logs since the last mark, or undefined after `timeoutMs`. */
  async waitForLog(texts: readonly string[], timeoutMs: number): Promise<string | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = texts.find((text) => this.recent.includes(text));
      if (found !== undefined) return found;
      if (this.child.exitCode !== null || this.child.signalCode !== null) return undefined;
      await sleep(200);
    }
    return undefined;
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Sends `signal` and waits for the process to end; resolves with its exit code or signal. */
  async stop(signal: NodeJS.Signals): Promise<number | string> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}
