import { describe, expect, it } from 'vitest';
import { featureSchema } from './config.js';
import { FeatureEncoder } from './features.js';
import { isTimeZone, ZoneClock } from './zone-clock.js';

/** Local "YYYY-MM-DD HH:MM weekday" as the clock gives it. */
function wallClock(clock: ZoneClock, iso: string): string {
  const local = new Date(clock.local(Date.parse(iso)));
  return `${local.toISOString().slice(0, 16).replace('T', ' ')} ${local.getUTCDay()}`;
}

describe('time zone clock', () => {
  it('follows daylight saving time in and out', () => {
    const berlin = new ZoneClock('Europe/Berlin');
    // Clocks went forward at 01:00 UTC on 29 March 2026 and back at 01:00 UTC on 25 October 2026.
    expect(wallClock(berlin, '2026-03-29T00:30:00Z')).toBe('2026-03-29 01:30 0');
    expect(wallClock(berlin, '2026-03-29T01:30:00Z')).toBe('2026-03-29 03:30 0');
    expect(wallClock(berlin, '2026-10-25T00:30:00Z')).toBe('2026-10-25 02:30 0');
    expect(wallClock(berlin, '2026-10-25T01:30:00Z')).toBe('2026-10-25 02:30 0');
  });

  it('handles half-hour offsets and days that differ from UTC', () => {
    expect(wallClock(new ZoneClock('Asia/Kolkata'), '2026-11-29T20:00:00Z')).toBe('2026-11-30 01:30 1');
    expect(wallClock(new ZoneClock('America/New_York'), '2026-11-30T04:30:00Z')).toBe('2026-11-29 23:30 0');
  });

  it('agrees with Intl at any instant, cache or not', () => {
    const zones = ['Europe/Berlin', 'America/Sao_Paulo', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'UTC'];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const zone of zones) {
      const clock = new ZoneClock(zone);
      const reference = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', hour: 'numeric', minute: 'numeric', weekday: 'short' });
      for (let i = 0; i < 500; i++) {
        const time = Date.UTC(2000, 0, 1) + Math.floor(random() * 40 * 365 * 86_400_000);
        const local = new Date(clock.local(time));
        const parts = Object.fromEntries(reference.formatToParts(time).map((p) => [p.type, p.value]));
        const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][local.getUTCDay()];
        expect(`${local.getUTCHours()}:${local.getUTCMinutes()} ${weekday}`, `${zone} at ${new Date(time).toISOString()}`).toBe(
          `${Number(parts.hour)}:${Number(parts.minute)} ${parts.weekday}`,
        );
      }
    }
  });

  it('knows IANA zone names and refuses others in the feature config', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    const parsed = featureSchema.safeParse({ type: 'hour_of_day', timezone: 'Mars/Olympus_Mons' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/IANA time zone/);
  });
});

describe('time features', () => {
  it('take the hour and the day in the configured zone, UTC without one', () => {
    const features = [
      featureSchema.parse({ type: 'hour_of_day' }),
      featureSchema.parse({ type: 'hour_of_day', timezone: 'America/New_York' }),
      featureSchema.parse({ type: 'day_of_week', timezone: 'America/New_York' }),
    ];
    const encoder = new FeatureEncoder(features);
    const out = new Float64Array(3);
    expect(encoder.encode({ '@timestamp': '2026-11-30T04:30:00Z', message: 'payment' }, out, 0)).toBeUndefined();
    expect(Array.from(out)).toEqual([4.5, 23.5, 0]);
    expect(encoder.names).toEqual(['hour_of_day(@timestamp)', 'hour_of_day(@timestamp, America/New_York)', 'day_of_week(@timestamp, America/New_York)']);
  });
});
