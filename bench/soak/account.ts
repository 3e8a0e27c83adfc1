/**
 * The final account of a soak run: every event the load wrote, looked up by its id in the engine. Pure, so the
 * arithmetic is tested apart from the engine.
 *
 * - `store`: the output with `id_field`, where a re-sent event overwrites itself; an id found there is stored.
 * - `raw`: a second output of the same agent without `id_field`, where every delivery is a document of its
 *   own; its documents beyond one per id are the duplicates the agent sent.
 * - dead letters: ids an output refused for good (they count as delivered, not lost).
 */

export interface StreamSpec {
  name: string;
  /** Ids are `<prefix>-<sequence>`, the sequence counting from 0. */
  prefix: string;
  written: number;
}

export interface StreamAccount {
  name: string;
  written: number;
  stored: number;
  deadLettered: number;
  /** Written, but neither stored nor dead-lettered: lost. */
  missing: number;
  /** Ids with more than one document in the store (must be 0 there: the id is the document's _id). */
  storedTwice: number;
  /** Deliveries to the raw output beyond the first per id. */
  duplicates: number;
  /** Written, but neither in the raw output nor in its dead letters. */
  rawMissing: number;
  /** The first missing sequence numbers, to look for. */
  firstMissing: number[];
}

export interface Account {
  streams: StreamAccount[];
  total: Omit<StreamAccount, 'name' | 'firstMissing'>;
  /** Ids found that the load never wrote (or of an unknown stream). */
  unexpected: number;
  zeroLoss: boolean;
}

export interface Findings {
  /** Documents per id in the output with id_field. */
  store: Iterable<readonly [string, number]>;
  /** Documents per id in the output without it. */
  raw: Iterable<readonly [string, number]>;
  storeDeadLetters: Iterable<string>;
  rawDeadLetters: Iterable<string>;
}

const FIRST_MISSING = 10;

interface Tally {
  spec: StreamSpec;
  store: Uint32Array;
  raw: Uint32Array;
  storeDead: Uint8Array;
  rawDead: Uint8Array;
}

export function settleAccount(specs: readonly StreamSpec[], findings: Findings): Account {
  const byPrefix = new Map<string, Tally>();
  for (const spec of specs) {
    byPrefix.set(spec.prefix, {
      spec,
      store: new Uint32Array(spec.written),
      raw: new Uint32Array(spec.written),
      storeDead: new Uint8Array(spec.written),
      rawDead: new Uint8Array(spec.written),
    });
  }
  let unexpected = 0;
  /** The tally and sequence number of an id the load wrote; undefined (and counted) for any other id. */
  const locate = (id: string): { tally: Tally; seq: number } | undefined => {
    const dash = id.lastIndexOf('-');
    const tally = byPrefix.get(id.slice(0, dash));
    const seq = Number(id.slice(dash + 1));
    if (tally === undefined || dash < 0 || !Number.isInteger(seq) || seq < 0 || seq >= tally.spec.written || String(seq) !== id.slice(dash + 1)) {
      unexpected++;
      return undefined;
    }
    return { tally, seq };
  };
  for (const [id, count] of findings.store) {
    const at = locate(id);
    if (at) at.tally.store[at.seq] = (at.tally.store[at.seq] as number) + count;
  }
  for (const [id, count] of findings.raw) {
    const at = locate(id);
    if (at) at.tally.raw[at.seq] = (at.tally.raw[at.seq] as number) + count;
  }
  for (const id of findings.storeDeadLetters) {
    const at = locate(id);
    if (at) at.tally.storeDead[at.seq] = 1;
  }
  for (const id of findings.rawDeadLetters) {
    const at = locate(id);
    if (at) at.tally.rawDead[at.seq] = 1;
  }

  const streams = [...byPrefix.values()].map(({ spec, store, raw, storeDead, rawDead }): StreamAccount => {
    const result: StreamAccount = { name: spec.name, written: spec.written, stored: 0, deadLettered: 0, missing: 0, storedTwice: 0, duplicates: 0, rawMissing: 0, firstMissing: [] };
    for (let seq = 0; seq < spec.written; seq++) {
      const inStore = store[seq] as number;
      const inRaw = raw[seq] as number;
      if (inStore > 0) result.stored++;
      else if (storeDead[seq] === 1) result.deadLettered++;
      else {
        result.missing++;
        if (result.firstMissing.length < FIRST_MISSING) result.firstMissing.push(seq);
      }
      if (inStore > 1) result.storedTwice++;
      if (inRaw > 1) result.duplicates += inRaw - 1;
      if (inRaw === 0 && rawDead[seq] !== 1) result.rawMissing++;
    }
    return result;
  });
  const sum = (key: 'written' | 'stored' | 'deadLettered' | 'missing' | 'storedTwice' | 'duplicates' | 'rawMissing'): number =>
    streams.reduce((total, stream) => total + stream[key], 0);
  const total = {
    written: sum('written'),
    stored: sum('stored'),
    deadLettered: sum('deadLettered'),
    missing: sum('missing'),
    storedTwice: sum('storedTwice'),
    duplicates: sum('duplicates'),
    rawMissing: sum('rawMissing'),
  };
  return { streams, total, unexpected, zeroLoss: total.missing === 0 && total.rawMissing === 0 && total.storedTwice === 0 };
}
