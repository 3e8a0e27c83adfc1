import { describe, expect, it } from 'vitest';
import { httpDateToIso, LogTimeParser } from './http-date.js';

describe('access-log times', () => {
  it('applies the offset: local time minus the offset is UTC', () => {
    expect(httpDateToIso('10/Oct/2000:13:55:36 -0700')).toBe('2000-10-10T20:55:36.000Z');
    expect(httpDateToIso('01/Jan/2024:00:30:00 +0530')).toBe('2023-12-31T19:00:00.000Z');
    expect(httpDateToIso('31/Dec/2023:23:59:59 -0000')).toBe('2023-12-31T23:59:59.000Z');
    expect(httpDateToIso('29/Feb/2024:12:00:00 +0000')).toBe('2024-02-29T12:00:00.000Z');
  });

  it('refuses what is not a date', () => {
    for (const text of ['29/Feb/2023:12:00:00 +0000', '10/Okt/2000:13:55:36 -0700', '10/Oct/2000:24:00:00 +0000', '10/Oct/2000:13:55:36 +2400', '10/Oct/2000:13:55:36', '']) {
      expect(httpDateToIso(text), text).toBeUndefined();
    }
  });

  it('reads ISO 8601 and epoch milliseconds too, and gives the same answer for a repeated time', () => {
    const times = new LogTimeParser();
    expect(times.toIso('2024-05-01T10:00:00+02:00')).toBe('2024-05-01T08:00:00.000Z');
    expect(times.toIso('2024-05-01T08:00:00.000Z')).toBe('2024-05-01T08:00:00.000Z');
    expect(times.toIso(1_700_000_000_000)).toBe('2023-11-14T22:13:20.000Z');
    expect(times.toIso('10/Oct/2000:13:55:36 -0700')).toBe('2000-10-10T20:55:36.000Z');
    expect(times.toIso('10/Oct/2000:13:55:36 -0700')).toBe('2000-10-10T20:55:36.000Z');
    expect(times.toIso('yesterday')).toBeUndefined();
    expect(times.toIso('yesterday')).toBeUndefined();
  });

  it('gives each second of a minute it has seen the same answer as parsing it afresh', () => {
    const times = new LogTimeParser();
    const texts = ['10/Oct/2000:23:59:58 -0700', '10/Oct/2000:23:59:59 -0700', '10/Oct/2000:23:59:07 -0700', '10/Oct/2000:23:59:60 -0700', '10/Oct/2000:23:59:00 -0700'];
    texts.push('10/Oct/2000:23:59:00 +0530', '10/Oct/2000:23:59:6x +0530', '10/Oct/2000:23:59:61 +0530', '10/Oct/2000:23:59:01 +0530', '11/Oct/2000:23:59:01 +0530');
    for (const text of texts) expect(times.toIso(text), text).toBe(httpDateToIso(text));
  });
});
