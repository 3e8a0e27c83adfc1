import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Input } from '../component.js';
import { Checkpointer } from './checkpointer.js';

/** An input whose checkpoint is a snapshot of `delivered` taken when asked, persisted into `saved`. */
function recordingInput(steps: string[]) {
  const input = {
    delivered: 0,
    saved: -1,
    run: async () => undefined,
    close: async () => undefined,
    snapshotCheckpoint() {
      const position = input.delivered;
      steps.push(`snapshot ${position}`);
      return async () => {
        steps.push(`persist ${position}`);
        input.saved = position;
      };
    },
  };
  return input;
}

const silent = pino({ level: 'silent' });

describe('Checkpointer', () => {
  it('snapshots, flushes the outputs, then persists what was snapshotted (not what was delivered since)', async () => {
    const steps: string[] = [];
    const input = recordingInput(steps);
    input.delivered = 10;
    const checkpointer = new Checkpointer(
      () => [input as Input],
      async () => {
        steps.push('flush');
        input.delivered = 25; // delivered while the outputs were being flushed: not covered by this round
      },
      silent,
    );
    await checkpointer.run();
    expect(steps).toEqual(['snapshot 10', 'flush', 'persist 10']);
    expect(input.saved).toBe(10);
  });

  it('persists nothing when the flush fails, logs it, and saves on the next round', async () => {
    const steps: string[] = [];
    const input = recordingInput(steps);
    input.delivered = 5;
    let failing = true;
    const logs: { msg: string; err?: string }[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => logs.push(JSON.parse(line) as { msg: string }) });
    const checkpointer = new Checkpointer(
      () => [input as Input],
      async () => {
        if (failing) throw new Error('fsync: EIO');
      },
      logger,
    );
    await checkpointer.run();
    expect(input.saved).toBe(-1);
    expect(logs.find((l) => l.msg.startsWith('checkpoint failed'))?.err).toBe('fsync: EIO');
    failing = false;
    await checkpointer.run();
    expect(input.saved).toBe(5);
    expect(logs.at(-1)?.msg).toBe('checkpoints saved again');
  });

  it('runs one round at a time; fresh() waits for a running one and covers what was delivered meanwhile', async () => {
    const steps: string[] = [];
    const input = recordingInput(steps);
    let release!: () => void;
    const flushed = new Promise<void>((resolve) => (release = resolve));
    let flushes = 0;
    const checkpointer = new Checkpointer(
      () => [input as Input],
      async () => {
        if (++flushes === 1) await flushed;
      },
      silent,
    );
    input.delivered = 1;
    const first = checkpointer.run();
    expect(checkpointer.run()).toBe(first); // joined, not a second round
    input.delivered = 2;
    const fresh = checkpointer.fresh();
    release();
    await fresh;
    expect(steps).toEqual(['snapshot 1', 'persist 1', 'snapshot 2', 'persist 2']);
    expect(input.saved).toBe(2);
  });
});
