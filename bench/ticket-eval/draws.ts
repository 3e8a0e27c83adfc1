/**
 * Random choices of the examples ("shots") the tagger learns from, seeded: k of the written examples of
 * each label (label-examples.json), or k historical tickets per label taken from a pool of the labelled
 * tickets (the dev half), each a ticket with its gold tags, so a ticket with two tags is an example of both
 * labels. Tickets drawn as examples are never scored.
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { LabelDefinition, LabelledTicket } from './fixtures.js';

export type ShotSource = 'descriptions' | 'written' | 'tickets';

export interface Draw {
  readonly source: ShotSource;
  /** Examples per label (0: descriptions only). */
  readonly k: number;
  readonly seed: number;
  /** The labels with the drawn examples. */
  readonly labels: LabelDefinition[];
  /** Indexes of the tickets drawn as examples. */
  readonly shots: ReadonlySet<number>;
}

/** The ticket as the tagger reads it: subject and body joined by a line break, as `field` joins them. */
export const ticketText = (ticket: LabelledTicket): string => `${ticket.subject}\n${ticket.body}`;

/** `count` items of `items` without replacement, in drawn order (partial Fisher–Yates). */
function choose<T>(items: readonly T[], count: number, rng: ReturnType<typeof xoroshiro128plus>): T[] {
  const pool = [...items];
  const n = Math.min(count, pool.length);
  for (let i = 0; i < n; i++) {
    const j = uniformInt(rng, i, pool.length - 1);
    [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
  }
  return pool.slice(0, n);
}

/** k of each label's written examples (`labels` carries all of them). */
export function writtenDraw(labels: readonly LabelDefinition[], k: number, seed: number): Draw {
  const rng = xoroshiro128plus(seed);
  return { source: 'written', k, seed, labels: labels.map((label) => ({ ...label, examples: choose(label.examples, k, rng) })), shots: new Set() };
}

/**
 * k tickets of `pool` per label: labels in order, each topped up to k with tickets that have it (a ticket
 * drawn for an earlier label counts for every label it has).
 */
export function ticketDraw(labels: readonly LabelDefinition[], tickets: readonly LabelledTicket[], pool: readonly number[], k: number, seed: number): Draw {
  const rng = xoroshiro128plus(seed);
  const chosen = new Set<number>();
  for (const label of labels) {
    const has = (i: number) => (tickets[i] as LabelledTicket).tags.includes(label.name);
    const already = [...chosen].filter(has).length;
    const candidates = pool.filter((i) => has(i) && !chosen.has(i));
    if (candidates.length < k - already) throw new Error(`only ${candidates.length + already} tickets of ${label.name} in the pool, ${k} asked`);
    for (const i of choose(candidates, k - already, rng)) chosen.add(i);
  }
  const shots = [...chosen].sort((a, b) => a - b);
  return {
    source: 'tickets',
    k,
    seed,
    labels: labels.map((label) => ({ ...label, examples: shots.filter((i) => (tickets[i] as LabelledTicket).tags.includes(label.name)).map((i) => ticketText(tickets[i] as LabelledTicket)) })),
    shots: chosen,
  };
}
