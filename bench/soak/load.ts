/**
 * Writes the soak load at steady rates, as an application would (appending to its log files), and rotates the
 * files the way logrotate does: rename, or copytruncate. Rotation happens between two writes on the same
 * thread, so no line is written half before and half after it, and none between copy and truncation.
 */
import { appendFileSync, copyFileSync, existsSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { accessLine, appEvent, PaymentLines, seededRandom, ticketLine } from './lines.js';
import type { StreamSpec } from './account.js';

export interface StreamLoad {
  name: string;
  prefix: string;
  file: string;
  /** Events per second. */
  rate: number;
  event: (seq: number) => string;
}

/** Events per second of each stream: the tagger runs the MiniLM model once per ticket, so tickets stay few. */
export const RATES = { tickets: 4, payments: 40, app: 60, nginx: 100 } as const;

export function streams(logDir: string, seed: number): StreamLoad[] {
  const random = seededRandom(seed);
  const payments = new PaymentLines(seed);
  return [
    { name: 'tickets', prefix: 't', file: path.join(logDir, 'tickets.log'), rate: RATES.tickets, event: (seq) => ticketLine(seq, random) },
    { name: 'payments', prefix: 'p', file: path.join(logDir, 'payments.log'), rate: RATES.payments, event: (seq) => payments.line(seq) },
    { name: 'app', prefix: 'a', file: path.join(logDir, 'app.log'), rate: RATES.app, event: (seq) => appEvent(seq, random) },
    { name: 'nginx', prefix: 'n', file: path.join(logDir, 'nginx-access.log'), rate: RATES.nginx, event: (seq) => accessLine(seq, random) },
  ];
}

export class LoadWriter {
  private readonly written: number[];
  private startedAt = 0;

  constructor(private readonly loads: readonly StreamLoad[]) {
    this.written = loads.map(() => 0);
    for (const load of loads) writeFileSync(load.file, '');
  }

  start(now: number): void {
    this.startedAt = now;
  }

  /** Writes what each stream owes by `now` (rate × elapsed time), one append per stream. */
  tick(now: number): void {
    const elapsed = (now - this.startedAt) / 1000;
    this.loads.forEach((load, i) => {
      const due = Math.floor(load.rate * elapsed);
      let text = '';
      for (let seq = this.written[i] as number; seq < due; seq++) text += `${load.event(seq)}\n`;
      if (text === '') return;
      appendFileSync(load.file, text);
      this.written[i] = due;
    });
  }

  get total(): number {
    return this.written.reduce((a, b) => a + b, 0);
  }

  specs(): StreamSpec[] {
    return this.loads.map((load, i) => ({ name: load.name, prefix: load.prefix, written: this.written[i] as number }));
  }

  /** logrotate's default: the file is renamed to <file>.<n> and the next write creates it anew. */
  rotate(n: number): void {
    for (const load of this.loads) if (existsSync(load.file)) renameSync(load.file, `${load.file}.${n}`);
  }

  /** logrotate's copytruncate: the file is copied to <file>.c<n> and truncated in place. */
  copytruncate(n: number): void {
    for (const load of this.loads) {
      copyFileSync(load.file, `${load.file}.c${n}`);
      truncateSync(load.file, 0);
    }
  }
}
