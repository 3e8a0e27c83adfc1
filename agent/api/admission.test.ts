import { describe, expect, it } from 'vitest';
import { Admission } from './admission.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('Admission', () => {
  it('lets `concurrent` requests run at once and queues up to `queued` more', async () => {
    const admission = new Admission(2, 1);
    const a = await admission.enter();
    const b = await admission.enter();
    expect(a).toBeTypeOf('function');
    expect(b).toBeTypeOf('function');
    expect(admission.active).toBe(2);
    let cAdmitted = false;
    const c = admission.enter().then((release) => {
      cAdmitted = true;
      return release;
    });
    await tick();
    expect(cAdmitted).toBe(false);
    expect(admission.queueLength).toBe(1);
    a?.();
    const releaseC = await c;
    expect(releaseC).toBeTypeOf('function');
    expect(admission.active).toBe(2);
    expect(admission.queueLength).toBe(0);
  });

  it('refuses at once (undefined) when the queue is full', async () => {
    const admission = new Admission(1, 1);
    await admission.enter();
    void admission.enter();
    expect(await admission.enter()).toBeUndefined();
    expect(admission.queueLength).toBe(1);
  });

  it('with queued: 0 refuses anything beyond the running requests', async () => {
    const admission = new Admission(1, 0);
    const release = await admission.enter();
    expect(await admission.enter()).toBeUndefined();
    release?.();
    expect(await admission.enter()).toBeTypeOf('function');
  });

  it('admits waiting requests in arrival order, one per release', async () => {
    const admission = new Admission(1, 3);
    const first = await admission.enter();
    const order: string[] = [];
    const waiters = ['b', 'c', 'd'].map((name) =>
      admission.enter().then((release) => {
        order.push(name);
        return release;
      }),
    );
    await tick();
    expect(order).toEqual([]);
    first?.();
    await tick();
    expect(order).toEqual(['b']);
    (await waiters[0])?.();
    await tick();
    expect(order).toEqual(['b', 'c']);
    (await waiters[1])?.();
    (await waiters[2])?.();
    expect(order).toEqual(['b', 'c', 'd']);
    expect(admission.active).toBe(0);
    expect(admission.queueLength).toBe(0);
  });

  it('counts a release once, however often it is called', async () => {
    const admission = new Admission(1, 1);
    const release = await admission.enter();
    const waiting = admission.enter();
    release?.();
    release?.();
    const second = await waiting;
    expect(admission.active).toBe(1);
    second?.();
    second?.();
    expect(admission.active).toBe(0);
  });

  it('frees the place of a waiting request that gave up', async () => {
    const admission = new Admission(1, 1);
    const running = await admission.enter();
    const gaveUp = admission.enter();
    admission.abandon(gaveUp);
    await tick();
    // The abandoned request no longer holds its place in the queue: a new one may wait.
    const next = admission.enter();
    await tick();
    expect(admission.queueLength).toBe(1);
    running?.();
    const release = await next;
    expect(release).toBeTypeOf('function');
    expect(admission.active).toBe(1);
    release?.();
    await tick();
    expect(admission.active).toBe(0);
    expect(admission.queueLength).toBe(0);
  });

  it('an abandoned request admitted later releases its place at once', async () => {
    const admission = new Admission(1, 2);
    const running = await admission.enter();
    const gaveUp = admission.enter();
    admission.abandon(gaveUp);
    running?.();
    await tick();
    expect(admission.active).toBe(0);
    expect(await admission.enter()).toBeTypeOf('function');
  });
});
