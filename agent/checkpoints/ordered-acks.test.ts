import { describe, expect, it } from 'vitest';
import { OrderedAcks } from './ordered-acks.js';

describe('OrderedAcks', () => {
  it('commits only over a contiguous prefix of delivered batches', () => {
    const acks = new OrderedAcks(100);
    const a = acks.track(200);
    const b = acks.track(300);
    const c = acks.track(400);
    b();
    expect(acks.committed).toBe(100);
    a();
    expect(acks.committed).toBe(300);
    expect(acks.pending).toBe(1);
    c();
    c();
    expect(acks.committed).toBe(400);
    expect(acks.pending).toBe(0);
  });

  it('keeps working after compacting its arrays on long runs', () => {
    const acks = new OrderedAcks(0);
    const callbacks: (() => void)[] = [];
    for (let i = 1; i <= 5000; i++) callbacks.push(acks.track(i));
    for (let i = 0; i < 3000; i++) callbacks[i]?.();
    expect(acks.committed).toBe(3000);
    callbacks[4000]?.();
    expect(acks.committed).toBe(3000);
    for (let i = 3000; i < 5000; i++) callbacks[i]?.();
    expect(acks.committed).toBe(5000);
    expect(acks.pending).toBe(0);
  });
});
