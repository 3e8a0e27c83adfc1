/**
 * Wall-clock time of an instant in an IANA time zone, for the hour-of-day and day-of-week features: "an
 * unusual hour" means the hour where the payments happen, not in UTC.
 *
 * Intl formatting costs microseconds per call, so the zone's offset from UTC is cached per quarter hour of
 * UTC time: offsets change only at a zone's transitions, and those fall on quarter hours.
 */
const QUARTER_HOUR = 15 * 60_000;
const MAX_CACHED = 10_000;

export class ZoneClock {
  private readonly format: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();

  constructor(readonly zone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
  }

  /** `time` (ms since the epoch) moved by the zone's offset: read it back with the getUTC… methods. */
  local(time: number): number {
    return time + this.offset(time);
  }

  /** Milliseconds the zone's wall clock is ahead of UTC at `time`. */
  offset(time: number): number {
    const bucket = Math.floor(time / QUARTER_HOUR);
    let offset = this.offsets.get(bucket);
    if (offset === undefined) {
      const start = bucket * QUARTER_HOUR;
      const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
      for (const part of this.format.formatToParts(start)) parts[part.type] = Number(part.value);
      const wallClock = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0);
      offset = wallClock - start;
      if (this.offsets.size >= MAX_CACHED) this.offsets.clear();
      this.offsets.set(bucket, offset);
    }
    return offset;
  }
}

/** Whether `zone` is a time zone this runtime knows (IANA names such as Europe/Berlin, or UTC). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
