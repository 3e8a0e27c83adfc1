/**
 * Where events go that an output refused for good (a mapping conflict, a document too large) and messages an
 * input cannot ship whole: one NDJSON file per component under `<state_dir>/dead-letter/`, each line the event
 * plus why. Storing a dead letter counts as delivery, so it must not fail: a write that fails (disk full) is
 * retried with the agent's retry policy until it succeeds, holding the batch (and so the checkpoint) back;
 * only a stop ends the retries, and then the batch is not acknowledged and is read again after a restart.
 */
import { appendFile, mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { DeadLetters } from '../component.js';
import { errorMessage } from '../errors.js';
import type { LogEvent } from '../event.js';
import { failureLevel, RetryPolicy } from './retry.js';
import type { ComponentStats } from './stats.js';

/** Appends text to a file and makes it durable; the seam where tests inject a failing disk. */
export type DurableAppend = (file: string, text: string) => Promise<void>;

export interface DeadLetterOptions {
  readonly stats: ComponentStats;
  readonly logger: Logger;
  /** The agent's hard stop: retries end, the write rejects and the batch stays unacknowledged. */
  readonly stop: AbortSignal;
  readonly policy?: RetryPolicy;
  readonly append?: DurableAppend;
}

export class DeadLetterFile implements DeadLetters {
  readonly location: string;
  private readonly policy: RetryPolicy;
  private readonly append: DurableAppend;

  constructor(
    stateDir: string,
    private readonly componentId: string,
    private readonly options: DeadLetterOptions,
  ) {
    this.location = path.join(stateDir, 'dead-letter', `${safeFileName(componentId)}.ndjson`);
    this.policy = options.policy ?? new RetryPolicy();
    this.append = options.append ?? appendDurably;
  }

  async write(events: readonly LogEvent[], reason: string): Promise<void> {
    if (events.length === 0) return;
    const at = new Date().toISOString();
    const lines = `${events.map((event) => JSON.stringify({ '@timestamp': at, reason, event })).join('\n')}\n`;
    await this.policy.retry(
      // After a failed attempt a torn fragment may end the file: start on a fresh line so no record is glued to it.
      (attempt) => this.append(this.location, attempt === 1 ? lines : `\n${lines}`),
      {
        signal: this.options.stop,
        shouldRetry: () => true,
        onRetry: (error, attempt, waitMs) =>
          this.options.logger[failureLevel(attempt)]({ file: this.location, events: events.length, attempt, retry_in_ms: Math.round(waitMs), err: errorMessage(error) }, 'cannot write dead letters; retrying'),
      },
    );
    this.count(events.length);
  }

  count(events: number): void {
    this.options.stats.add(this.options.stats.deadLettered, this.componentId, events);
  }
}

/** A component id as a file name: ids are validated, but the default ids (`outputs[0]`) have brackets. */
export function safeFileName(id: string): string {
  return id.replace(/[^A-Za-z0-9_.-]/g, '_');
}

async function appendDurably(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, text);
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
