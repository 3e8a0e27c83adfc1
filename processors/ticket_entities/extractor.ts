/**
 * Finds the entities in one text: every pattern runs once over the text (after masking redacted values), and
 * dates come from chrono-node, skipping text already taken by another entity (so "item no. 2024-11-05" is a
 * SKU, not a date).
 */
import type { CustomPattern, TicketEntitiesConfig } from './config.js';
import { findDates, type DateReaders } from './dates.js';
import { maskRedacted, masksRegex, touchesMask } from './masks.js';
import { BUILTIN_PATTERNS, type EntityPattern } from './patterns.js';

export type Entities = Map<string, Set<string>>;

/** Copies of the built-in amount patterns, so reading a custom pattern's value never moves their lastIndex. */
const AMOUNT_PATTERNS = BUILTIN_PATTERNS.filter((p) => p.kind === 'amount').map((p) => ({ ...p, regex: new RegExp(p.regex.source, p.regex.flags.replace('g', '')) }));

/** The first amount in a custom pattern's value, normalised as the built-in amount patterns do. */
function amountIn(text: string): string | undefined {
  for (const pattern of AMOUNT_PATTERNS) {
    const match = pattern.regex.exec(text);
    if (match) return pattern.value(match);
  }
  return undefined;
}

const NORMALISE: Record<CustomPattern['normalise'], (value: string) => string | undefined> = {
  none: (v) => v,
  upper: (v) => v.toUpperCase(),
  lower: (v) => v.toLowerCase(),
  digits: (v) => v.replace(/\D/g, '') || undefined,
  amount: (v) => amountIn(v),
};

export function customPattern(p: CustomPattern, position: number): EntityPattern {
  const normalise = NORMALISE[p.normalise];
  return {
    name: p.name ?? `custom_${position}`,
    kind: p.kind,
    regex: new RegExp(p.pattern, p.ignore_case ? 'gi' : 'g'),
    value: (m) => {
      const raw = (m.groups?.['value'] ?? m[1] ?? m[0]).trim();
      return raw === '' ? undefined : normalise(raw);
    },
  };
}

export class EntityExtractor {
  private readonly patterns: EntityPattern[];
  private readonly dates: boolean;
  private readonly masks: RegExp;

  constructor(
    config: Pick<TicketEntitiesConfig, 'disable' | 'patterns' | 'masks'>,
    /** Dates are read with the parser for the ticket's language once it is loaded (TicketEntities loads it first). */
    private readonly readers: DateReaders,
  ) {
    const custom = config.patterns.map(customPattern);
    const replaced = new Set(custom.map((p) => p.name));
    const disabled = new Set<string>(config.disable);
    this.dates = !disabled.has('date_chrono') && !replaced.has('date_chrono');
    this.patterns = [...BUILTIN_PATTERNS.filter((p) => p.name !== 'date_chrono' && !disabled.has(p.name) && !replaced.has(p.name)), ...custom];
    this.masks = masksRegex(config.masks);
  }

  /**
   * Entities by kind, each in the order of the text; `reference` is the ticket's time, `language` its ISO
   * 639-1 code (dates in English where that language's parser is not loaded).
   */
  extract(original: string, reference: Date, language?: string): Entities {
    const text = maskRedacted(original, this.masks);
    const found: Found = new Map();
    const taken: [number, number][] = [];
    for (const pattern of this.patterns) {
      if (pattern.mayMatch && !pattern.mayMatch(text)) continue;
      const { regex } = pattern;
      regex.lastIndex = 0;
      for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
        if (match[0] === '') {
          regex.lastIndex++; // a custom pattern that matches the empty string would loop forever
          continue;
        }
        const end = match.index + match[0].length;
        if (touchesMask(text, match.index, end)) continue;
        const value = pattern.value(match);
        if (value === undefined) continue;
        add(found, pattern.kind, value, match.index);
        taken.push([match.index, end]);
      }
    }
    if (this.dates) {
      for (const date of findDates(text, reference, this.readers.parserFor(language))) {
        if (touchesMask(text, date.start, date.end) || taken.some(([s, e]) => date.start < e && date.end > s)) continue;
        add(found, 'date', date.value, date.start);
      }
    }
    return inTextOrder(found);
  }
}

/** Each value with where it was first found, by kind. */
type Found = Map<string, Map<string, number>>;

function add(found: Found, kind: string, value: string, at: number): void {
  let values = found.get(kind);
  if (!values) {
    values = new Map();
    found.set(kind, values);
  }
  const seen = values.get(value);
  if (seen === undefined || at < seen) values.set(value, at);
}

/** Values in the order they appear in the text, whichever pattern found them. */
function inTextOrder(found: Found): Entities {
  const entities: Entities = new Map();
  for (const [kind, values] of found) {
    entities.set(kind, new Set(values.size === 1 ? values.keys() : [...values].sort((a, b) => a[1] - b[1]).map(([value]) => value)));
  }
  return entities;
}
