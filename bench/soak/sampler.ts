/**
 * Every few seconds during a soak run: the agent's resident memory and CPU use, the events written and
 * stored, the lag between them and the rate at which the store grows. Samples go to an NDJSON file as well,
 * so a run that dies still leaves its figures behind.
 */
import { appendFileSync } from 'node:fs';
import type { Client } from '@elastic/elasticsearch';
import { procUsage } from './agent-process.js';

export interface Sample {
  /** Seconds since the start of the run. */
  t: number;
  pid: number;
  rssMiB: number | null;
  /** Share of one core since the previous sample of the same process, in percent. */
  cpuPercent: number | null;
  written: number;
  /** Events in the store (the output with id_field); while the engine does not answer, its last count. */
  stored: number | null;
  engineAnswered: boolean;
  lag: number | null;
  eventsPerSecond: number | null;
}

export class Sampler {
  readonly samples: Sample[] = [];
  private previous: { pid: number; at: number; cpu: number } | undefined;
  private previousStored: { at: number; stored: number } | undefined;

  constructor(
    private readonly client: Client,
    private readonly index: string,
    private readonly file: string,
    private readonly startedAt: number,
  ) {}

  /** The last CPU seconds seen of each agent process: their sum is the CPU time of all the agent's lives. */
  readonly cpuByPid = new Map<number, number>();

  /** Reads a process's CPU time now (before it is killed, so its last seconds count too). */
  async recordUsage(pid: number): Promise<void> {
    const usage = await procUsage(pid);
    if (usage !== undefined) this.cpuByPid.set(pid, usage.cpuSeconds);
  }

  get agentCpuSeconds(): number {
    return [...this.cpuByPid.values()].reduce((a, b) => a + b, 0);
  }

  async sample(pid: number, written: number): Promise<Sample> {
    const at = Date.now();
    const [usage, stored] = await Promise.all([procUsage(pid), this.storedCount()]);
    let storedNow = stored;
    let cpuPercent: number | null = null;
    if (usage !== undefined) {
      this.cpuByPid.set(pid, usage.cpuSeconds);
      if (this.previous?.pid === pid && at > this.previous.at) cpuPercent = ((usage.cpuSeconds - this.previous.cpu) / ((at - this.previous.at) / 1000)) * 100;
      this.previous = { pid, at, cpu: usage.cpuSeconds };
    }
    let eventsPerSecond: number | null = null;
    if (stored === null && this.previousStored !== undefined) {
      // The engine does not answer (it is down or starting): nothing is being stored, so the last count stands.
      storedNow = this.previousStored.stored;
    } else if (stored !== null) {
      if (this.previousStored !== undefined && at > this.previousStored.at) eventsPerSecond = ((stored - this.previousStored.stored) / (at - this.previousStored.at)) * 1000;
      this.previousStored = { at, stored };
    }
    const sample: Sample = {
      t: (at - this.startedAt) / 1000,
      pid,
      rssMiB: usage === undefined ? null : usage.rssBytes / 2 ** 20,
      cpuPercent,
      written,
      stored: storedNow,
      engineAnswered: stored !== null,
      lag: storedNow === null ? null : written - storedNow,
      eventsPerSecond,
    };
    this.samples.push(sample);
    appendFileSync(this.file, `${JSON.stringify(sample)}\n`);
    return sample;
  }

  private async storedCount(): Promise<number | null> {
    try {
      return (await this.client.count({ index: this.index }, { requestTimeout: 3_000, maxRetries: 0 })).count;
    } catch {
      return null;
    }
  }
}
