import { describe, expect, it } from 'vitest';
import { RequestWindow } from './request-window.js';

describe('request window', () => {
  it('lets max_in_flight_requests requests hold a slot; the next waits for one to leave', async () => {
    const window = new RequestWindow(2);
    expect(window.hasRoom).toBe(true);
    await window.enter();
    await window.enter();
    expect(window.hasRoom).toBe(false);
    let third = false;
    const waiting = window.enter().then(() => (third = true));
    await Promise.resolve();
    expect(third).toBe(false);
    window.leave();
    await waiting;
    expect(third).toBe(true);
    expect(window.hasRoom).toBe(false);
    window.leave();
    expect(window.hasRoom).toBe(true);
  });

  it('counts a request waiting for a slot as active', () => {
    const window = new RequestWindow(1);
    void window.enter();
    void window.enter();
    window.leave();
    expect(window.hasRoom).toBe(false);
    window.leave();
    expect(window.hasRoom).toBe(true);
  });
});
