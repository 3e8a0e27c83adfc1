import { describe, expect, it } from 'vitest';
import { outageMs, schedule } from './schedule.js';

describe('soak schedule', () => {
  const kinds = (minutes: number) => schedule(minutes * 60_000).map((s) => s.action.kind);
  const count = (minutes: number, kind: string) => kinds(minutes).filter((k) => k === kind).length;

  it('has every disruption the brief asks for in a 30-minute run', () => {
    expect(count(30, 'rotate') + count(30, 'copytruncate')).toBe(29);
    expect(count(30, 'copytruncate')).toBe(7);
    expect(count(30, 'kill')).toBe(3);
    expect(count(30, 'reload')).toBe(2);
    expect(count(30, 'engine-stop')).toBe(2);
    expect(outageMs(30 * 60_000)).toBe(60_000);
  });

  it('keeps a 3-minute trial run to the same kinds, with at least one copytruncate', () => {
    expect(new Set(kinds(3))).toEqual(new Set(['rotate', 'copytruncate', 'kill', 'reload', 'engine-stop', 'engine-start']));
  });

  it('never reloads while the engine is down (a reload then waits for a drain that cannot happen)', () => {
    for (const minutes of [3, 10, 30, 60]) {
      const events = schedule(minutes * 60_000);
      let down = false;
      for (const { action } of events) {
        if (action.kind === 'engine-stop') down = true;
        if (action.kind === 'engine-start') down = false;
        if (action.kind === 'reload') expect(down, `${minutes} min`).toBe(false);
      }
    }
  });

  it('keeps a steady tail to rotations alone', () => {
    const events = schedule(30 * 60_000, 30 * 60_000);
    const late = events.filter((s) => s.atMs >= 30 * 60_000).map((s) => s.action.kind);
    expect(late.length).toBe(30);
    expect(new Set(late)).toEqual(new Set(['rotate', 'copytruncate']));
    expect(events.filter((s) => s.action.kind === 'kill').length).toBe(3);
  });

  it('is in time order', () => {
    const times = schedule(30 * 60_000).map((s) => s.atMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
