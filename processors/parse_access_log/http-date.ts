/**
 * Access-log times (`10/Oct/2000:13:55:36 -0700`, nginx `$time_local`, Apache `%t`) to the canonical UTC ISO
 * form with the offset applied. Parsed by hand (Date cannot read this form), and the last result is kept:
 * consecutive lines of an access log almost always share their second, so most lines cost one string compare,
 * and the rest mostly share their minute, so they cost a prefix compare and a concatenation.
 */
const MONTHS: Readonly<Record<string, number>> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
const HTTP_DATE = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;
/** What toISOString writes: kept as it is, without building a Date. */
const CANONICAL = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/** Length of `10/Oct/2000:13:55:36 -0700`, and where its seconds start. */
const HTTP_DATE_LENGTH = 26;
const SECONDS_AT = 18;
const ZERO = 48;

export class LogTimeParser {
  private lastText = '';
  private lastIso: string | undefined;
  /**
   * The last access-log time whose second was 00–59, up to and including its minute (`10/Oct/2000:13:55:`),
   * its offset (` -0700`) and its ISO form up to the minute (`2000-10-10T20:55:`). Offsets are whole
   * minutes, so another second of the same local minute and offset is that ISO minute and the same second.
   */
  private minuteText = '';
  private minuteOffset = '';
  private minuteIso = '';

  /** The UTC ISO time of an access-log time, an ISO 8601 time or epoch milliseconds; undefined when it is not one. */
  toIso(value: string | number): string | undefined {
    if (typeof value === 'number') return isoOf(value);
    if (value === this.lastText) return this.lastIso;
    const iso = this.sameMinute(value) ?? (CANONICAL.test(value) ? value : (this.fromHttpDate(value) ?? (looksIso(value) ? isoOf(Date.parse(value)) : undefined)));
    this.lastText = value;
    this.lastIso = iso;
    return iso;
  }

  private sameMinute(value: string): string | undefined {
    if (value.length !== HTTP_DATE_LENGTH || this.minuteText === '' || !value.startsWith(this.minuteText) || !value.endsWith(this.minuteOffset)) return undefined;
    const tens = value.charCodeAt(SECONDS_AT) - ZERO;
    const units = value.charCodeAt(SECONDS_AT + 1) - ZERO;
    if (tens < 0 || tens > 5 || units < 0 || units > 9) return undefined;
    return `${this.minuteIso}${value.slice(SECONDS_AT, SECONDS_AT + 2)}.000Z`;
  }

  private fromHttpDate(value: string): string | undefined {
    const iso = httpDateToIso(value);
    if (iso === undefined || value.length !== HTTP_DATE_LENGTH || value.charCodeAt(SECONDS_AT) - ZERO > 5) return iso;
    this.minuteText = value.slice(0, SECONDS_AT);
    this.minuteOffset = value.slice(SECONDS_AT + 2);
    this.minuteIso = iso.slice(0, 17);
    return iso;
  }
}

export function httpDateToIso(text: string): string | undefined {
  const m = HTTP_DATE.exec(text);
  if (m === null) return undefined;
  const month = MONTHS[m[2] as string];
  const day = Number(m[1]);
  const year = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  const offsetHours = Number(m[8]);
  const offsetMinutes = Number(m[9]);
  if (month === undefined || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 60 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  const offsetMs = (m[7] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  // Local time minus its offset is UTC: 13:55:36 -0700 is 20:55:36Z.
  return isoOf(Date.UTC(year, month, day, hour, minute, second) - offsetMs);
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** Date.parse reads many forms; only ISO 8601 (`$time_iso8601`, `%{%Y-%m-%dT%H:%M:%S%z}t`) is meant here. */
function looksIso(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(text);
}

function isoOf(ms: number): string | undefined {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : undefined;
}
