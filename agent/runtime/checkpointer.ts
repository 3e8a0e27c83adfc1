/**
 * Serializes checkpoint rounds: snapshot the positions every input has delivered up to, make the outputs
 * durable (fsync), then persist the positions (file checkpoints, Kafka offset commits). A position is never
 * persisted ahead of the output it covers; a round that fails is logged and the next one covers it.
 */
import type { Logger } from 'pino';
import type { Input } from '../component.js';
import { errorMessage } from '../errors.js';
import { failureLevel } from './retry.js';

export class Checkpointer {
  private running: Promise<void> | undefined;
  private failures = 0;

  constructor(
    private readonly inputs: () => Iterable<Input>,
    private readonly flushOutputs: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  run(): Promise<void> {
    this.running ??= this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** A fresh round after any running one, so it covers everything delivered up to now. */
  async fresh(): Promise<void> {
    await this.running;
    await this.run();
  }

  private async round(): Promise<void> {
    try {
      const persist = [...this.inputs()].map((input) => input.snapshotCheckpoint());
      await this.flushOutputs();
      await Promise.all(persist.map((save) => save()));
      if (this.failures > 0) this.logger.info({ after_failures: this.failures }, 'checkpoints saved again');
      this.failures = 0;
    } catch (error) {
      this.failures++;
      this.logger[failureLevel(this.failures)]({ err: errorMessage(error), failures: this.failures }, 'checkpoint failed; positions stay where they were saved last, will retry');
    }
  }
}
