/**
 * http_threat's behaviour part: counts each request in its client's sliding window, and judges a client at
 * most once per time bucket (when it has min_requests in its window) by scoring the window's features with
 * the isolation forest, which learns from the same windows (benign majority assumed). Judging once per bucket
 * keeps a flooding client from filling the training window with its own rows, and the forest's cost off
 * most events. A window at or over the cut-off is anomalous: that verdict, named from the features that
 * isolated it, holds for the client's requests until it is judged again (or its window thins out below
 * min_requests). Before the forest's first fit there are no verdicts.
 */
import { getField, type FieldValue, type LogEvent } from '../../../agent/kit.js';
import type { Cutoffs } from '../../anomaly/cutoffs.js';
import type { OnlineForest } from '../../anomaly/online-forest.js';
import { ClientWindows, type RequestFacts, type WindowFigures } from './client-windows.js';
import type { BehaviourConfig } from './config.js';
import { hashString } from './distinct-sketch.js';
import { clientFields, describeWindow, featureNames, nameClass, writeRow, type BehaviourClass } from './features.js';
import type { BehaviourMetrics } from './metrics.js';
import { isProbePath } from './probe-paths.js';

/** The forest as the behaviour part uses it (OnlineForest; a fake in unit tests). */
export type ClientForest = Pick<OnlineForest, 'observeAndScore' | 'close'> & { readonly cutoffs: Cutoffs | undefined };

/** A client judged anomalous: the reason and figures written on each of its requests while the verdict holds. */
export interface BehaviourVerdict {
  readonly class: BehaviourClass;
  readonly fragment: string;
  /** The forest's score of the judged window. */
  readonly score: number;
  /** Window figures when the client was judged (threat.client). */
  readonly client: Readonly<Record<string, string | number>>;
}

/** Used when the forest has no learned cut-off yet (as the anomaly processor's fixed medium cut-off). */
const DEFAULT_THRESHOLD = 0.6;
/** An event's verdict is the client's stored one (read when the event was counted). */
const STORED = -1;

interface LoginRoute {
  method: string;
  path: RegExp;
}

export class BehaviourScorer {
  readonly windows: ClientWindows;
  private readonly width: number;
  private readonly names: readonly string[];
  private readonly usernames: boolean;
  private readonly routes: readonly LoginRoute[];
  private readonly failed: ReadonlySet<number>;
  private readonly windowLabel: string;
  /** Per slot: the bucket the client was last judged in, and the verdict that holds (undefined: none). */
  private readonly judgedAt: Float64Array;
  private readonly verdicts: (BehaviourVerdict | undefined)[];
  /** Per slot, within one batch: the row it was judged in (−1: none). */
  private readonly batchRow: Int32Array;
  private readonly facts: RequestFacts = { status: 0, pathHash: undefined, probe: false, login: false, failedLogin: false, userHash: undefined };
  private readonly figures: WindowFigures = { requests: 0, busiest: 0, status4xx: 0, status5xx: 0, status404: 0, probes: 0, logins: 0, failedLogins: 0, distinctPaths: 0, distinctUsers: 0 };
  private rows = new Float64Array(0);
  private rowSlots = new Int32Array(0);
  private eventRows = new Int32Array(0);
  private lastTimeText: string | undefined;
  private lastTimeMs = 0;

  constructor(
    private readonly config: BehaviourConfig,
    private readonly forest: ClientForest,
    private readonly metrics: BehaviourMetrics,
  ) {
    this.usernames = config.login.username_field !== undefined;
    this.names = featureNames(this.usernames);
    this.width = this.names.length;
    this.windows = new ClientWindows({ maxClients: config.max_clients, buckets: config.buckets, bucketMs: Math.max(1, Math.round(config.window / config.buckets)), users: this.usernames });
    this.routes = config.login.routes.map((r) => ({ method: r.method.toUpperCase(), path: new RegExp(r.path) }));
    this.failed = new Set(config.login.failed_status);
    this.windowLabel = `${Math.round(config.window / 1000)}s`;
    this.judgedAt = new Float64Array(config.max_clients).fill(Number.NaN);
    this.verdicts = new Array<BehaviourVerdict | undefined>(config.max_clients);
    this.batchRow = new Int32Array(config.max_clients).fill(-1);
  }

  /** Width of the forest's feature vector. */
  static width(config: BehaviourConfig): number {
    return featureNames(config.login.username_field !== undefined).length;
  }

  /** Counts the batch's requests and returns, per event, the verdict on its client (undefined: none or normal). */
  async judge(events: readonly LogEvent[]): Promise<(BehaviourVerdict | undefined)[]> {
    const out = new Array<BehaviourVerdict | undefined>(events.length);
    this.reserve(events.length);
    let count = 0;
    for (let i = 0; i < events.length; i++) {
      this.eventRows[i] = STORED;
      const slot = this.count(events[i] as LogEvent);
      if (slot < 0) continue;
      if (this.windows.requests(slot) < this.config.min_requests) {
        this.verdicts[slot] = undefined;
        continue;
      }
      const bucket = this.windows.newestBucket(slot);
      if (this.judgedAt[slot] !== bucket) {
        this.judgedAt[slot] = bucket;
        writeRow(this.windows.figures(slot, this.figures), this.rows, count * this.width, this.usernames);
        this.rowSlots[count] = slot;
        this.batchRow[slot] = count;
        count++;
      }
      if ((this.batchRow[slot] as number) >= 0) this.eventRows[i] = this.batchRow[slot] as number;
      else out[i] = this.verdicts[slot];
    }
    let rowVerdicts: (BehaviourVerdict | undefined)[] = [];
    try {
      if (count > 0) rowVerdicts = await this.judgeRows(count);
    } finally {
      for (let r = 0; r < count; r++) {
        const slot = this.rowSlots[r] as number;
        if (slot >= 0) this.batchRow[slot] = -1;
      }
    }
    for (let i = 0; i < events.length; i++) {
      const row = this.eventRows[i] as number;
      if (row >= 0) out[i] = rowVerdicts[row];
    }
    this.metrics.clients(this.windows.size, this.windows.evictions);
    return out;
  }

  close(): Promise<void> {
    return this.forest.close();
  }

  /** Counts one event in its client's window; the client's slot, or −1 when the event has no key. */
  private count(event: LogEvent): number {
    const key = getField(event, this.config.key);
    if (typeof key !== 'string' && typeof key !== 'number') return -1;
    const slot = this.windows.slotOf(typeof key === 'string' ? key : String(key));
    // A new client, or one whose slot was given up: nothing counted yet.
    if (Number.isNaN(this.windows.newestBucket(slot))) this.forget(slot);
    const facts = this.facts;
    facts.status = numberOf(getField(event, 'http.response.status_code'));
    const path = getField(event, 'url.path');
    facts.pathHash = typeof path === 'string' ? hashString(path) : undefined;
    facts.probe = typeof path === 'string' && isProbePath(path);
    facts.login = typeof path === 'string' && this.isLogin(getField(event, 'http.request.method'), path);
    facts.failedLogin = facts.login && this.failed.has(facts.status);
    const user = facts.login && this.config.login.username_field !== undefined ? getField(event, this.config.login.username_field) : undefined;
    facts.userHash = typeof user === 'string' && user !== '' && user !== '-' ? hashString(user) : undefined;
    this.windows.record(slot, this.windows.bucketOf(this.timeOf(event)), facts);
    return slot;
  }

  /** A slot that was just given to a new client: the previous client's verdict is not its own. */
  private forget(slot: number): void {
    this.judgedAt[slot] = Number.NaN;
    this.verdicts[slot] = undefined;
    const row = this.batchRow[slot] as number;
    if (row >= 0) this.rowSlots[row] = -1;
    this.batchRow[slot] = -1;
  }

  private isLogin(method: FieldValue | undefined, path: string): boolean {
    if (typeof method !== 'string') return false;
    for (const route of this.routes) {
      if ((method === route.method || method.toUpperCase() === route.method) && route.path.test(path)) return true;
    }
    return false;
  }

  /** Event time in ms (@timestamp), or arrival time without a usable one; consecutive events often share it. */
  private timeOf(event: LogEvent): number {
    const stamp = event['@timestamp'];
    if (typeof stamp === 'number') return stamp;
    if (typeof stamp !== 'string') return Date.now();
    if (stamp === this.lastTimeText) return this.lastTimeMs;
    const ms = Date.parse(stamp);
    if (Number.isNaN(ms)) return Date.now();
    this.lastTimeText = stamp;
    this.lastTimeMs = ms;
    return ms;
  }

  /**
   * Scores the batch's rows (the forest also learns from them), stores each client's verdict and returns the
   * verdicts by row. A row whose client lost its slot later in the batch gets none.
   */
  private async judgeRows(count: number): Promise<(BehaviourVerdict | undefined)[]> {
    const { scores, explanations } = await this.forest.observeAndScore(this.rows.subarray(0, count * this.width), count, this.width);
    const threshold = this.config.forest.threshold ?? this.forest.cutoffs?.medium ?? DEFAULT_THRESHOLD;
    const verdicts = new Array<BehaviourVerdict | undefined>(count);
    for (let r = 0; r < count; r++) {
      const slot = this.rowSlots[r] as number;
      const score = scores[r];
      const anomalous = score !== undefined && score >= threshold;
      this.metrics.window(score === undefined ? 'learning' : anomalous ? 'anomalous' : 'normal');
      if (slot < 0) continue;
      if (!anomalous) {
        this.verdicts[slot] = undefined;
        continue;
      }
      const figures = this.windows.figures(slot, this.figures);
      const cls = nameClass(figures, explanations[r] ?? [], this.names);
      const key = this.windows.keyOf(slot) as string;
      verdicts[r] = { class: cls, fragment: describeWindow(cls, figures, this.windowLabel), score, client: clientFields(key, figures, this.config.window / 1000, this.usernames) };
      this.verdicts[slot] = verdicts[r];
    }
    return verdicts;
  }

  /** Scratch arrays large enough for a batch of `events` events. */
  private reserve(events: number): void {
    if (this.eventRows.length >= events) return;
    this.eventRows = new Int32Array(events);
    this.rowSlots = new Int32Array(events);
    this.rows = new Float64Array(events * this.width);
  }
}

function numberOf(value: FieldValue | undefined): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number(value) || 0;
  return 0;
}
