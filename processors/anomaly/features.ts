/**
 * Turns an event into the feature vector the models score, learning the encoders online: numeric fields
 * (optionally log-transformed and clipped), categorical fields as the frequency of the value among earlier
 * events (overall or per key, so a rare or new value is near 0) or as a fixed hash, hour of day / day of
 * week from a timestamp (in UTC or a configured time zone), and per-key rates (earlier events with the same key within a time window).
 * Each feature has a missing-value policy. The frequency tables are part of the saved model state.
 */
import { getField, type LogEvent } from '../../agent/kit.js';
import type { FeatureConfig } from './config.js';
import { ZoneClock } from './zone-clock.js';

/** Keys (cards, users) remembered per feature; the least recently seen are forgotten first. */
const MAX_KEYS = 100_000;
/** Distinct values counted per categorical feature; later new values share one bucket. */
const MAX_VALUES = 10_000;
const OTHER = '\u0000other';

/** Value counts of one categorical feature (overall, or for one key). */
class Counter {
  total = 0;
  readonly counts = new Map<string, number>();

  /** Share of earlier observations with this value (then counts it); `empty` when there are none yet. */
  frequency(value: string, empty: number): number {
    const key = this.counts.has(value) || this.counts.size < MAX_VALUES ? value : OTHER;
    const seen = this.counts.get(key) ?? 0;
    const result = this.total === 0 ? empty : seen / this.total;
    this.counts.set(key, seen + 1);
    this.total++;
    return result;
  }

  static from(entries: [string, number][]): Counter {
    const counter = new Counter();
    for (const [value, count] of entries) {
      counter.counts.set(value, count);
      counter.total += count;
    }
    return counter;
  }
}

export interface EncoderState {
  /** Per feature: value counts (overall frequency) or key → value counts (per-key frequency). */
  counts: ([string, number][] | [string, [string, number][]][] | null)[];
}

export class FeatureEncoder {
  readonly width: number;
  readonly names: string[];
  private readonly counters: (Counter | Map<string, Counter> | undefined)[];
  private readonly rates: (Map<string, number[]> | undefined)[];
  private readonly clocks: (ZoneClock | undefined)[];

  constructor(private readonly features: readonly FeatureConfig[]) {
    this.width = features.length;
    this.names = features.map(featureName);
    this.counters = features.map((f) => {
      if (f.type !== 'categorical' || f.encoding !== 'frequency') return undefined;
      return f.per === undefined ? new Counter() : new Map<string, Counter>();
    });
    this.rates = features.map((f) => (f.type === 'rate' ? new Map() : undefined));
    this.clocks = features.map((f) => ((f.type === 'hour_of_day' || f.type === 'day_of_week') && f.timezone !== undefined ? new ZoneClock(f.timezone) : undefined));
  }

  /**
   * Writes the event's features into out[offset…] and learns from it; returns a problem (naming the
   * field) when a feature is missing or unusable and its policy is `tag`.
   */
  encode(event: LogEvent, out: Float64Array, offset: number): string | undefined {
    for (let i = 0; i < this.features.length; i++) {
      const feature = this.features[i] as FeatureConfig;
      const value = this.compute(i, feature, event);
      if (typeof value === 'number') out[offset + i] = value;
      else if (feature.missing === 'default') out[offset + i] = feature.default;
      else return `feature ${this.names[i]}: ${value.problem}`;
    }
    return undefined;
  }

  snapshot(): EncoderState {
    return {
      counts: this.counters.map((counter) => {
        if (counter === undefined) return null;
        if (counter instanceof Counter) return [...counter.counts.entries()];
        // Per key: the most recently seen keys only, to keep the saved state small.
        return [...counter.entries()].slice(-20_000).map(([key, values]) => [key, [...values.counts.entries()]] as [string, [string, number][]]);
      }),
    };
  }

  restore(state: EncoderState): void {
    state.counts.forEach((saved, i) => {
      const feature = this.features[i];
      if (saved === null || feature?.type !== 'categorical' || feature.encoding !== 'frequency') return;
      if (feature.per === undefined) this.counters[i] = Counter.from(saved as [string, number][]);
      else this.counters[i] = new Map((saved as [string, [string, number][]][]).map(([key, values]) => [key, Counter.from(values)]));
    });
  }

  private compute(index: number, feature: FeatureConfig, event: LogEvent): number | { problem: string } {
    switch (feature.type) {
      case 'numeric': {
        const raw = getField(event, feature.field);
        let x = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
        if (!Number.isFinite(x)) return { problem: raw === undefined ? 'missing' : `not a number (${describe(raw)})` };
        if (feature.transform === 'log') {
          if (x < 0) return { problem: `negative value ${x} cannot be log-transformed` };
          x = Math.log1p(x);
        }
        if (feature.clip?.min !== undefined && x < feature.clip.min) x = feature.clip.min;
        if (feature.clip?.max !== undefined && x > feature.clip.max) x = feature.clip.max;
        return x;
      }
      case 'categorical': {
        const raw = getField(event, feature.field);
        if (raw === undefined || raw === null || typeof raw === 'object') return { problem: raw === undefined || raw === null ? 'missing' : 'not a single value' };
        const value = String(raw);
        if (feature.encoding === 'hash') return fnv1a(value) / 2 ** 32;
        if (feature.per === undefined) return (this.counters[index] as Counter).frequency(value, 0);
        const key = getField(event, feature.per);
        if (key === undefined || key === null || typeof key === 'object') return { problem: `key ${feature.per} missing` };
        // A key without history (a new card) has nothing to be unusual against: its value counts as usual.
        return recall(this.counters[index] as Map<string, Counter>, String(key), () => new Counter()).frequency(value, 1);
      }
      case 'hour_of_day':
      case 'day_of_week': {
        const time = timeOf(getField(event, feature.field));
        if (time === undefined) return { problem: 'missing or not a timestamp' };
        const date = new Date(this.clocks[index]?.local(time) ?? time);
        return feature.type === 'hour_of_day' ? date.getUTCHours() + date.getUTCMinutes() / 60 : date.getUTCDay();
      }
      case 'rate': {
        const key = getField(event, feature.key);
        if (key === undefined || key === null || typeof key === 'object') return { problem: `key ${feature.key} missing` };
        const time = timeOf(event['@timestamp']) ?? Date.now();
        const times = recall(this.rates[index] as Map<string, number[]>, String(key), () => []);
        const since = time - feature.window;
        let drop = 0;
        while (drop < times.length && (times[drop] as number) < since) drop++;
        if (drop > 0) times.splice(0, drop);
        const count = times.length;
        times.push(time);
        return count;
      }
    }
  }
}

function featureName(feature: FeatureConfig): string {
  if (feature.type === 'rate') return `rate(${feature.key})`;
  if (feature.type === 'hour_of_day' || feature.type === 'day_of_week') return `${feature.type}(${feature.field}${feature.timezone === undefined ? '' : `, ${feature.timezone}`})`;
  if (feature.type === 'categorical' && feature.per !== undefined) return `${feature.field} per ${feature.per}`;
  return feature.field;
}

/** The entry for `key`, moved to the most recent end; the oldest keys are forgotten beyond MAX_KEYS. */
function recall<V>(map: Map<string, V>, key: string, create: () => V): V {
  let entry = map.get(key);
  if (entry === undefined) {
    entry = create();
    if (map.size >= MAX_KEYS) map.delete(map.keys().next().value as string);
  } else map.delete(key);
  map.set(key, entry);
  return entry;
}

function timeOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

function describe(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : typeof value;
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** FNV-1a, 32 bits: a stable number per category for the hash encoding. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
