/** Dead letters for component tests: kept in memory, so a test can see what a component dead-lettered. */
import type { DeadLetters } from '../../agent/component.js';
import type { LogEvent } from '../../agent/event.js';

export class MemoryDeadLetters implements DeadLetters {
  readonly location = 'memory';
  readonly events: { event: LogEvent; reason: string }[] = [];
  counted = 0;

  async write(events: readonly LogEvent[], reason: string): Promise<void> {
    for (const event of events) this.events.push({ event, reason });
    this.counted += events.length;
  }

  count(events: number): void {
    this.counted += events;
  }
}
