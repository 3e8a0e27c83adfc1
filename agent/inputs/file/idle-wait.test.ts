import { describe, expect, it } from 'vitest';
import { IdleWait } from './idle-wait.js';

const LONG = 600_000;

describe('IdleWait', () => {
  it('ends a pause when woken', async () => {
    const idle = new IdleWait();
    const paused = idle.pause(LONG, new AbortController().signal);
    idle.wake();
    await paused;
  });

  it('ends after the given time without a wake', async () => {
    await new IdleWait().pause(1, new AbortController().signal);
  });

  it('does not pause once the input is stopped', async () => {
    const abort = new AbortController();
    abort.abort();
    await new IdleWait().pause(LONG, abort.signal);
  });

  it('does not keep a wake that came while not paused', async () => {
    const idle = new IdleWait();
    idle.wake();
    let ended = false;
    const paused = idle.pause(LONG, new AbortController().signal).then(() => (ended = true));
    await Promise.resolve();
    expect(ended).toBe(false);
    idle.wake();
    await paused;
    expect(ended).toBe(true);
  });
});
