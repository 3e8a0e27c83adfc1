/**
 * Access-log times (`10/Oct/2000:13:55:36 -0700`, nginx `$time_local`, Apache `%t`) to the canonical UTC ISO
 * form with the offset applied. Parsed by hand (Date cannot read this form), and the last result is kept:
 * consecutive lines of an access log almost always share their second, so most lines cost one string compare.
 */
const MONTHS: Readonly<Record<string, number>> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
const HTTP_DATE = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;
/** What toISOString writes: kept as it is, without building a Date. */
const CANONICAL = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

export class LogTimeParser {
  private lastText = '';
  private lastIso: string | undefined;

  /** The UTC ISO time of an access-log time, an ISO 8601 time or epoch milliseconds; undefined when it is not one. */
  toIso(value: string | number): string | undefined {
    if (typeof value === 'number') return isoOf(value);
    if (value === this.lastText) return this.lastIso;
    const iso = CANONICAL.test(value) ? value : (httpDateToIso(value) ?? (looksIso(value) ? isoOf(Date.parse(value)) : undefined));
    this.lastText = value;
    this.lastIso = iso;
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
