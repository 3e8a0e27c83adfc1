/**
 * Black-box helpers: run the built CLI as a separate process, as users and Kubernetes do, and read what it
 * wrote. Tests need `npm run build` first (the test script does it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { agentExecutable } from '../../scripts/agent-executable.js';

export const CLI = agentExecutable(path.resolve(import.meta.dirname, '../..'));

function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" before the black-box tests`);
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `sidecar-${prefix}-`));
}

export async function writeConfig(dir: string, yaml: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'sidecar.yaml');
  await writeFile(file, yaml);
  return file;
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Agents still running when the test process exits (a test failed before stopping them) are killed. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export class AgentProcess {
  stdout = '';
  stderr = '';
  private readonly exited: Promise<Finished>;

  private constructor(
    readonly child: ChildProcess,
    consumeStdout: boolean,
  ) {
    if (consumeStdout) this.readStdout();
    child.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    running.add(child);
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        running.delete(child);
        resolve({ code, signal, stdout: this.stdout, stderr: this.stderr });
      });
    });
  }

  /** `consumeStdout: false` leaves the agent's stdout pipe unread (a stuck consumer) until readStdout(). */
  static start(args: string[], env: NodeJS.ProcessEnv = {}, options: { consumeStdout?: boolean } = {}): AgentProcess {
    assertBuilt();
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    return new AgentProcess(child, options.consumeStdout ?? true);
  }

  readStdout(): void {
    this.child.stdout?.on('data', (d: Buffer) => (this.stdout += d.toString()));
  }

  /** Resident memory of the agent process in MiB (Linux). */
  rssMiB(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
  }

  get pid(): number {
    return this.child.pid as number;
  }

  /** Waits until the agent logged a message containing `text` (e.g. that it follows a file). */
  async waitForLog(text: string, timeoutMs = 15_000): Promise<void> {
    await waitFor(async () => this.stderr.includes(text), timeoutMs, `agent log "${text}"\n${this.stderr.slice(-2000)}`);
  }

  wait(): Promise<Finished> {
    return this.exited;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<Finished> {
    this.child.kill(signal);
    return this.exited;
  }
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  return AgentProcess.start(args, env).wait();
}

export interface OutputEvent {
  message: string;
  log?: { file?: { path?: string }; offset?: number; flags?: string[] };
  tags?: string[];
  [key: string]: unknown;
}

export async function readEvents(file: string): Promise<OutputEvent[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const lines = text.split('\n');
  // A write may be in progress: ignore a trailing line that is not complete yet.
  if (lines[lines.length - 1] !== '') lines.pop();
  return lines.filter((l) => l !== '').map((l) => JSON.parse(l) as OutputEvent);
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A TCP port on 127.0.0.1 that nothing listens on right now (for telemetry.listen in tests). */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
