/**
 * Sliding windows of request counts per client, in fixed memory: each tracked client owns a slot, and each
 * slot a ring of `buckets` time buckets (window / buckets long) of counters and distinct-value bitmaps, all
 * in a few typed arrays allocated once. Counting a request allocates nothing; moving into a new bucket clears
 * the buckets that fell out of the window. When `maxClients` are tracked, the client seen least recently
 * gives up its slot (a doubly linked list over slot numbers keeps that order in O(1)).
 */
import { addHash, estimateDistinct, unionBits } from './distinct-sketch.js';

/** The counters of a bucket, in this order. */
export const COUNTER = { requests: 0, status4xx: 1, status5xx: 2, status404: 3, probes: 4, logins: 5, failedLogins: 6 } as const;
const COUNTERS = 7;
/** Bits of the distinct-path bitmap per bucket: estimates stay within a few per cent up to several hundred paths. */
export const PATH_BITS = 256;
/** Bits of the distinct-username bitmap per bucket (when usernames are read). */
export const USER_BITS = 128;

/** One request, as the window counts it; the caller reuses one object for every event. */
export interface RequestFacts {
  status: number;
  /** Hash of url.path (distinct paths); undefined without a path. */
  pathHash: number | undefined;
  probe: boolean;
  login: boolean;
  failedLogin: boolean;
  /** Hash of the username of a login; undefined when not read or absent. */
  userHash: number | undefined;
}

/** A client's window, summed over its buckets. */
export interface WindowFigures {
  requests: number;
  /** Requests in the window's busiest bucket. */
  busiest: number;
  status4xx: number;
  status5xx: number;
  status404: number;
  probes: number;
  logins: number;
  failedLogins: number;
  distinctPaths: number;
  distinctUsers: number;
}

export interface WindowOptions {
  maxClients: number;
  buckets: number;
  bucketMs: number;
  /** Whether a username bitmap is kept. */
  users: boolean;
}

const NONE = -1;

export class ClientWindows {
  /** Clients that lost their slot to a newer one since the start. */
  evictions = 0;
  private readonly slots = new Map<string, number>();
  private readonly keys: (string | undefined)[];
  private readonly counts: Uint32Array;
  private readonly paths: Uint32Array;
  private readonly users: Uint32Array;
  /** The newest bucket number counted per slot (NaN: none yet). */
  private readonly newest: Float64Array;
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private head = NONE;
  private tail = NONE;
  private used = 0;
  private readonly pathWords = PATH_BITS / 32;
  private readonly userWords: number;
  private readonly offsets: Int32Array;

  constructor(private readonly options: WindowOptions) {
    const { maxClients, buckets } = options;
    this.userWords = options.users ? USER_BITS / 32 : 0;
    this.keys = new Array<string | undefined>(maxClients);
    this.counts = new Uint32Array(maxClients * buckets * COUNTERS);
    this.paths = new Uint32Array(maxClients * buckets * this.pathWords);
    this.users = new Uint32Array(maxClients * buckets * this.userWords);
    this.newest = new Float64Array(maxClients).fill(Number.NaN);
    this.prev = new Int32Array(maxClients).fill(NONE);
    this.next = new Int32Array(maxClients).fill(NONE);
    this.offsets = new Int32Array(buckets);
  }

  /** Clients tracked now. */
  get size(): number {
    return this.used;
  }

  /** Bytes held by the windows (fixed at construction). */
  get bytes(): number {
    return this.counts.byteLength + this.paths.byteLength + this.users.byteLength + this.newest.byteLength + this.prev.byteLength * 2;
  }

  /** The slot of `key`, which becomes the most recently seen client; a new key takes a free slot or the least recent one's. */
  slotOf(key: string): number {
    let slot = this.slots.get(key);
    if (slot !== undefined) {
      this.unlink(slot);
    } else {
      if (this.used < this.options.maxClients) slot = this.used++;
      else {
        slot = this.tail;
        this.unlink(slot);
        this.slots.delete(this.keys[slot] as string);
        this.clear(slot);
        this.evictions++;
      }
      this.keys[slot] = key;
      this.slots.set(key, slot);
    }
    this.pushFront(slot);
    return slot;
  }

  /** The key a slot holds now. */
  keyOf(slot: number): string | undefined {
    return this.keys[slot];
  }

  /** The bucket number of a time (ms). */
  bucketOf(timeMs: number): number {
    return Math.floor(timeMs / this.options.bucketMs);
  }

  /**
   * Counts one request at `bucket` in the slot's window. A request older than the window (late in a
   * replayed or merged log) is counted in the window's oldest bucket rather than dropped.
   */
  record(slot: number, bucket: number, facts: RequestFacts): void {
    const b = this.advance(slot, bucket);
    const base = (slot * this.options.buckets + b) * COUNTERS;
    this.bump(base + COUNTER.requests);
    if (facts.status >= 400 && facts.status < 500) {
      this.bump(base + COUNTER.status4xx);
      if (facts.status === 404) this.bump(base + COUNTER.status404);
    } else if (facts.status >= 500 && facts.status < 600) this.bump(base + COUNTER.status5xx);
    if (facts.probe) this.bump(base + COUNTER.probes);
    if (facts.login) {
      this.bump(base + COUNTER.logins);
      if (facts.failedLogin) this.bump(base + COUNTER.failedLogins);
      if (facts.userHash !== undefined && this.userWords > 0) addHash(this.users, (slot * this.options.buckets + b) * this.userWords, this.userWords, facts.userHash);
    }
    if (facts.pathHash !== undefined) addHash(this.paths, (slot * this.options.buckets + b) * this.pathWords, this.pathWords, facts.pathHash);
  }

  private bump(at: number): void {
    this.counts[at] = (this.counts[at] as number) + 1;
  }

  /** Requests in the slot's window (up to its newest bucket). */
  requests(slot: number): number {
    const { buckets } = this.options;
    let sum = 0;
    for (let b = 0; b < buckets; b++) sum += this.counts[(slot * buckets + b) * COUNTERS + COUNTER.requests] as number;
    return sum;
  }

  /** The slot's newest bucket number (NaN before its first request). */
  newestBucket(slot: number): number {
    return this.newest[slot] as number;
  }

  /** The slot's window summed into `out` (reused by the caller). */
  figures(slot: number, out: WindowFigures): WindowFigures {
    const { buckets } = this.options;
    const first = slot * buckets;
    const sum = (counter: number) => {
      let total = 0;
      for (let b = 0; b < buckets; b++) total += this.counts[(first + b) * COUNTERS + counter] as number;
      return total;
    };
    out.requests = sum(COUNTER.requests);
    out.busiest = 0;
    for (let b = 0; b < buckets; b++) out.busiest = Math.max(out.busiest, this.counts[(first + b) * COUNTERS + COUNTER.requests] as number);
    out.status4xx = sum(COUNTER.status4xx);
    out.status5xx = sum(COUNTER.status5xx);
    out.status404 = sum(COUNTER.status404);
    out.probes = sum(COUNTER.probes);
    out.logins = sum(COUNTER.logins);
    out.failedLogins = sum(COUNTER.failedLogins);
    out.distinctPaths = this.distinct(this.paths, first, this.pathWords);
    out.distinctUsers = this.userWords === 0 ? 0 : this.distinct(this.users, first, this.userWords);
    return out;
  }

  /** Distinct values in the union of the bitmaps of the window's buckets (starting at bucket `first`). */
  private distinct(bits: Uint32Array, first: number, words: number): number {
    for (let b = 0; b < this.options.buckets; b++) this.offsets[b] = (first + b) * words;
    return Math.round(estimateDistinct(unionBits(bits, this.offsets, this.options.buckets, words), words * 32));
  }

  /** Moves the slot's window forward to `bucket` (clearing the buckets it passes) and returns the ring index to count in. */
  private advance(slot: number, bucket: number): number {
    const { buckets } = this.options;
    const newest = this.newest[slot] as number;
    if (Number.isNaN(newest)) this.newest[slot] = bucket;
    else if (bucket > newest) {
      const from = Math.max(newest + 1, bucket - buckets + 1);
      for (let b = from; b <= bucket; b++) this.clearBucket(slot, b % buckets);
      this.newest[slot] = bucket;
    } else if (bucket <= newest - buckets) bucket = newest - buckets + 1;
    return bucket % buckets;
  }

  private clearBucket(slot: number, index: number): void {
    const at = slot * this.options.buckets + index;
    this.counts.fill(0, at * COUNTERS, (at + 1) * COUNTERS);
    this.paths.fill(0, at * this.pathWords, (at + 1) * this.pathWords);
    if (this.userWords > 0) this.users.fill(0, at * this.userWords, (at + 1) * this.userWords);
  }

  private clear(slot: number): void {
    const { buckets } = this.options;
    this.counts.fill(0, slot * buckets * COUNTERS, (slot + 1) * buckets * COUNTERS);
    this.paths.fill(0, slot * buckets * this.pathWords, (slot + 1) * buckets * this.pathWords);
    if (this.userWords > 0) this.users.fill(0, slot * buckets * this.userWords, (slot + 1) * buckets * this.userWords);
    this.newest[slot] = Number.NaN;
  }

  private unlink(slot: number): void {
    const before = this.prev[slot] as number;
    const after = this.next[slot] as number;
    if (before === NONE) this.head = after;
    else this.next[before] = after;
    if (after === NONE) this.tail = before;
    else this.prev[after] = before;
    this.prev[slot] = NONE;
    this.next[slot] = NONE;
  }

  private pushFront(slot: number): void {
    this.next[slot] = this.head;
    this.prev[slot] = NONE;
    if (this.head !== NONE) this.prev[this.head] = slot;
    this.head = slot;
    if (this.tail === NONE) this.tail = slot;
  }
}
