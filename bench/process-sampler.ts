/**
 * Samples another process's CPU time (user + sys) and peak RSS from /proc every few milliseconds, so that a
 * bench can ask for the CPU seconds a child spent between two wall-clock moments it learns of only later
 * (a log line's time, a file's mtime). Read in-process: spawning a reader would take CPU from the child.
 */
import { readFileSync } from 'node:fs';

/** Linux USER_HZ: the unit of utime and stime in /proc/<pid>/stat. */
const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU seconds process `pid` has used so far, from /proc/<pid>/stat (throws once it is gone). */
export function processCpuSeconds(pid: number): number {
  // After the command's ") ": state is field 0, utime field 11, stime field 12.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

interface Sample {
  /** Epoch milliseconds. */
  readonly at: number;
  readonly cpuSeconds: number;
}

export class ProcessSampler {
  private readonly samples: Sample[] = [];
  private peakRssMiB = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs = 5,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  /** Stops sampling (call when the process exited); returns its peak RSS in MiB. */
  stop(): number {
    clearInterval(this.timer);
    return this.peakRssMiB;
  }

  /** CPU seconds the process had used at epoch millisecond `at`, interpolated between the samples around it. */
  cpuSecondsAt(at: number): number {
    const samples = this.samples;
    if (samples.length === 0) throw new Error(`no CPU samples of process ${this.pid}`);
    let after = samples.findIndex((s) => s.at >= at);
    if (after === -1) return (samples.at(-1) as Sample).cpuSeconds;
    if (after === 0) return (samples[0] as Sample).cpuSeconds;
    const b = samples[after] as Sample;
    const a = samples[--after] as Sample;
    return a.cpuSeconds + ((b.cpuSeconds - a.cpuSeconds) * (at - a.at)) / Math.max(1, b.at - a.at);
  }

  private sample(): void {
    try {
      const cpuSeconds = processCpuSeconds(this.pid);
      if (Number.isFinite(cpuSeconds)) this.samples.push({ at: Date.now(), cpuSeconds });
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      if (hwm) this.peakRssMiB = Math.max(this.peakRssMiB, Number(hwm[1]) / 1024);
    } catch {
      // exited (or a zombie whose status is gone)
    }
  }
}
