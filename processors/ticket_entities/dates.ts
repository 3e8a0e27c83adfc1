/**
 * Dates with chrono-node, read against the event's time, in the ticket's language where chrono-node has a
 * parser for it (ticket.language from detect_language), else in English. What counts is a named calendar
 * day: explicit dates (2 October, 1 Nov, 2026-03-04, 03/04/2026, 3. März) and the casual words for one
 * (today, tonight, yesterday, last night, tomorrow). Weekdays alone ("since Monday": last or next?), months
 * alone, day ordinals without a month ("on the 3rd") and spans back ("ten days ago", "last week") are left
 * out: the day they name is a guess. A date without a year is the occurrence from 11 months before the
 * event to one month after it, since tickets mostly speak of what already happened.
 */
import type { ParsedResult, ParsingOption, ParsingReference } from 'chrono-node';

/** One language's chrono-node parser (its locale module's casual `parse`). */
export interface DateParser {
  parse(text: string, reference?: ParsingReference | Date, option?: ParsingOption): ParsedResult[];
}

/**
 * Languages (ISO 639-1) chrono-node has parsers for, beyond English. Each import is spelled out so that the
 * bundled executable carries every locale as a chunk of its own (an import built from a variable would be
 * left to node_modules at run time).
 */
const LOCALES: Readonly<Record<string, () => Promise<unknown>>> = {
  de: () => import('chrono-node/de'),
  fr: () => import('chrono-node/fr'),
  es: () => import('chrono-node/es'),
  it: () => import('chrono-node/it'),
  nl: () => import('chrono-node/nl'),
  pt: () => import('chrono-node/pt'),
  sv: () => import('chrono-node/sv'),
  fi: () => import('chrono-node/fi'),
  ru: () => import('chrono-node/ru'),
  uk: () => import('chrono-node/uk'),
  ja: () => import('chrono-node/ja'),
  zh: () => import('chrono-node/zh'),
  vi: () => import('chrono-node/vi'),
  id: () => import('chrono-node/id'),
};
const hasLocale = (language: string): boolean => Object.hasOwn(LOCALES, language);

/**
 * The parsers, English from the start and each other language's the first time a ticket in it comes:
 * chrono-node's main module loads every locale (about 21 MiB resident), English alone about 9.
 */
export class DateReaders {
  private readonly loaded = new Map<string, DateParser>();

  private constructor(private readonly english: DateParser) {}

  static async open(): Promise<DateReaders> {
    return new DateReaders((await import('chrono-node/en')) as DateParser);
  }

  /** Of these languages, those chrono-node has a parser for that is not loaded yet. */
  missing(languages: Iterable<string | undefined>): string[] {
    const missing = new Set<string>();
    for (const language of languages) if (language !== undefined && hasLocale(language) && !this.loaded.has(language)) missing.add(language);
    return [...missing];
  }

  async load(languages: readonly string[]): Promise<void> {
    for (const language of languages) {
      const load = hasLocale(language) ? LOCALES[language] : undefined;
      if (load === undefined || this.loaded.has(language)) continue;
      this.loaded.set(language, (await load()) as DateParser);
    }
  }

  /** The language's parser once loaded, else English. */
  parserFor(language: string | undefined): DateParser {
    return (language !== undefined && this.loaded.get(language)) || this.english;
  }
}

const DAY_MS = 86_400_000;
const LOOK_BACK_DAYS = 335;
const LOOK_AHEAD_DAYS = 30;

export interface FoundDate {
  /** YYYY-MM-DD */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/** "this morning", "this evening": today, though chrono-node leaves the day implied (as for "in the morning"). */
const THIS_PART_OF_DAY = /^this\b/i;

function counts(result: ParsedResult): boolean {
  const { start } = result;
  const tags = result.tags();
  if (!start.isCertain('day') || !start.isCertain('month')) {
    return THIS_PART_OF_DAY.test(result.text) && [...tags].some((tag) => tag.startsWith('casualReference/'));
  }
  // "three weeks ago" and "now" name a day, but not one the customer meant as a date; nor does a weekday
  // that chrono-node joins with "now" ("Wednesday, now it says...").
  if (tags.has('result/relativeDate') || tags.has('result/relativeDateAndTime') || tags.has('casualReference/now')) return false;
  return !(start.isCertain('weekday') && !/\d/.test(result.text));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The year that puts a day and month inside the window around the reference. */
function yearNear(month: number, day: number, reference: Date): number {
  const year = reference.getUTCFullYear();
  for (const candidate of [year, year - 1, year + 1]) {
    const at = Date.UTC(candidate, month - 1, day);
    if (at > reference.getTime() - LOOK_BACK_DAYS * DAY_MS && at <= reference.getTime() + LOOK_AHEAD_DAYS * DAY_MS) return candidate;
  }
  return year;
}

/** The dates in `text` (ISO YYYY-MM-DD, with where each was found), read relative to `reference` by `parser`. */
export function findDates(text: string, reference: Date, parser: DateParser): FoundDate[] {
  const found: FoundDate[] = [];
  for (const result of parser.parse(text, { instant: reference, timezone: 0 })) {
    if (!counts(result)) continue;
    const { start } = result;
    const month = start.get('month') as number;
    const day = start.get('day') as number;
    const year = start.isCertain('year') ? (start.get('year') as number) : yearNear(month, day, reference);
    found.push({ value: `${pad(year, 4)}-${pad(month)}-${pad(day)}`, start: result.index, end: result.index + result.text.length });
  }
  return found;
}
