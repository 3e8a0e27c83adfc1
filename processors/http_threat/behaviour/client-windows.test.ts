import { describe, expect, it } from 'vitest';
import { ClientWindows, type RequestFacts, type WindowFigures } from './client-windows.js';
import { hashString } from './distinct-sketch.js';

const BUCKET_MS = 5000;
const make = (maxClients = 4, users = false) => new ClientWindows({ maxClients, buckets: 12, bucketMs: BUCKET_MS, users });
const facts = (over: Partial<RequestFacts> = {}): RequestFacts => ({ status: 200, pathHash: hashString('/'), probe: false, login: false, failedLogin: false, userHash: undefined, ...over });
const figures = (w: ClientWindows, slot: number): WindowFigures => w.figures(slot, {} as WindowFigures);
const T0 = Date.UTC(2026, 11, 5, 9, 0, 0);

describe('client windows', () => {
  it('counts requests, statuses, probes and logins of one client within the window', () => {
    const w = make();
    const slot = w.slotOf('198.51.100.7');
    const at = w.bucketOf(T0);
    w.record(slot, at, facts());
    w.record(slot, at, facts({ status: 404, probe: true }));
    w.record(slot, at, facts({ status: 503 }));
    w.record(slot, at, facts({ status: 401, login: true, failedLogin: true }));
    expect(figures(w, slot)).toMatchObject({ requests: 4, busiest: 4, status4xx: 2, status404: 1, status5xx: 1, probes: 1, logins: 1, failedLogins: 1 });
  });

  it('drops the buckets that slide out of the window, and keeps the rest', () => {
    const w = make();
    const slot = w.slotOf('a');
    for (let s = 0; s < 60; s++) w.record(slot, w.bucketOf(T0 + s * 1000), facts());
    expect(w.requests(slot)).toBe(60);
    // At 90 s the window holds buckets from 35 s on: 25 of the first requests, and the new one.
    w.record(slot, w.bucketOf(T0 + 90_000), facts());
    expect(w.requests(slot)).toBe(25 + 1);
    // Much later: only the new request is left.
    w.record(slot, w.bucketOf(T0 + 3_600_000), facts());
    expect(w.requests(slot)).toBe(1);
  });

  it('counts a request older than the window in its oldest bucket instead of dropping it', () => {
    const w = make();
    const slot = w.slotOf('a');
    w.record(slot, w.bucketOf(T0 + 120_000), facts());
    w.record(slot, w.bucketOf(T0), facts());
    expect(w.requests(slot)).toBe(2);
    w.record(slot, w.bucketOf(T0 + 120_000 + 11 * BUCKET_MS), facts());
    expect(w.requests(slot)).toBe(2); // the late request went to the oldest bucket, which has now slid out
  });

  it('gives the least recently seen client’s slot to a new one when full, with an empty window', () => {
    const w = make(2);
    const a = w.slotOf('a');
    const b = w.slotOf('b');
    w.record(a, w.bucketOf(T0), facts());
    w.record(b, w.bucketOf(T0), facts());
    w.slotOf('a'); // a is now more recent than b
    const c = w.slotOf('c');
    expect(c).toBe(b);
    expect(w.keyOf(c)).toBe('c');
    expect(w.requests(c)).toBe(0);
    expect(Number.isNaN(w.newestBucket(c))).toBe(true);
    expect(w.slotOf('a')).toBe(a);
    expect(w.requests(a)).toBe(1);
    expect({ size: w.size, evictions: w.evictions }).toEqual({ size: 2, evictions: 1 });
  });

  it('holds a fixed amount of memory however many clients pass', () => {
    const w = make(100, true);
    const bytes = w.bytes;
    for (let i = 0; i < 10_000; i++) w.record(w.slotOf(`10.0.${i >> 8}.${i & 255}`), w.bucketOf(T0 + i), facts());
    expect(w.size).toBe(100);
    expect(w.evictions).toBe(9_900);
    expect(w.bytes).toBe(bytes);
  });

  it('estimates distinct paths and usernames over the window', () => {
    const w = make(1, true);
    const slot = w.slotOf('scanner');
    for (let i = 0; i < 120; i++) w.record(slot, w.bucketOf(T0 + i * 400), facts({ pathHash: hashString(`/probe/${i}`), login: true, userHash: hashString(`user${i % 40}`) }));
    const f = figures(w, slot);
    expect(f.distinctPaths).toBeGreaterThan(100);
    expect(f.distinctPaths).toBeLessThan(140);
    expect(f.distinctUsers).toBeGreaterThan(33);
    expect(f.distinctUsers).toBeLessThan(48);
    const one = make(1);
    const s = one.slotOf('visitor');
    for (let i = 0; i < 50; i++) one.record(s, one.bucketOf(T0 + i * 1000), facts());
    expect(figures(one, s).distinctPaths).toBe(1);
  });
});
