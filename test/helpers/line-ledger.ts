/**
 * Writes numbered lines and checks the agent's output against them: which lines are missing, how many
 * arrived more than once. The evidence behind "nothing is lost".
 */
import { appendFileSync } from 'node:fs';
import type { OutputEvent } from './agent-process.js';

export class LineLedger {
  private next = 0;

  constructor(private readonly tag: string, private readonly padding = 60) {}

  get written(): number {
    return this.next;
  }

  /** Appends `count` lines to `file` in one write. */
  append(file: string, count: number): void {
    let text = '';
    for (let i = 0; i < count; i++) text += `${this.line(this.next++)}\n`;
    appendFileSync(file, text);
  }

  line(seq: number): string {
    return `{"src":"${this.tag}","seq":${seq},"pad":"${'p'.repeat(this.padding)}"}`;
  }

  /** Whether line `seq` already appears in the raw NDJSON output text (messages are JSON-escaped there). */
  seenIn(outputText: string, seq: number): boolean {
    return outputText.includes(`\\"seq\\":${seq},`);
  }

  check(events: OutputEvent[]): { missing: number[]; duplicates: number; foreign: number } {
    const seen = new Uint32Array(this.next);
    let foreign = 0;
    const prefix = `{"src":"${this.tag}","seq":`;
    for (const event of events) {
      if (!event.message.startsWith(prefix)) continue;
      const seq = Number(event.message.slice(prefix.length, event.message.indexOf(',', prefix.length)));
      if (!Number.isInteger(seq) || seq >= this.next || event.message !== this.line(seq)) foreign++;
      else seen[seq] = (seen[seq] as number) + 1;
    }
    const missing: number[] = [];
    let duplicates = 0;
    for (let i = 0; i < this.next; i++) {
      const n = seen[i] as number;
      if (n === 0) missing.push(i);
      else duplicates += n - 1;
    }
    return { missing, duplicates, foreign };
  }
}
