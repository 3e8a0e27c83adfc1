/**
 * The roll-out of a candidate model beside a processor's current model, shared by every model-backed
 * processor: it routes each event of a batch (canary: by a hash of the key field; shadow: to both;
 * promoted: to the candidate), runs the processor's models on their events, falls back to the current model
 * where the candidate fails or has no result yet, tallies and compares both models, lets the guard roll the
 * candidate back, and keeps promote / roll-back decisions in state_dir. The processor supplies how to run a
 * model on some of a batch's events (a ModelRunner) and what its outcomes mean (an OutcomeProfile); it writes
 * the outcomes itself.
 */
import type { Logger } from 'pino';
import { SidecarError, errorMessage, setField, type LogEvent, type ModelControl, type ModelFigures, type ModelStatus, type Registry, type RolloutState } from '../../agent/kit.js';
import type { CandidateSettings, GuardSettings } from './config.js';
import { DecisionStore, type Decision } from './decision-store.js';
import { errorRate, flaggedRate, judge, type GuardReason, type Tally } from './guard.js';
import { WindowedTally } from './guard-window.js';
import { versionLabel, type ModelIdentity } from './model-identity.js';
import { rolloutMetrics, type ModelSeries, type Role, type RolloutMetrics } from './rollout-metrics.js';
import { CanaryRouter } from './routing.js';

export type { Role } from './rollout-metrics.js';

/** What a processor's outcomes mean, for the comparison of two models and the guard. */
export interface OutcomeProfile<O> {
  /** Whether an outcome is flagged (an anomaly; a ticket with a tag); leave out where that means nothing. */
  flagged?(outcome: O): boolean;
  /** The number whose distribution is compared (the anomaly score; the best label's score). */
  score?(outcome: O): number;
  /** Whether two models' outcomes for the same event agree. */
  agree(current: O, candidate: O): boolean;
  /** How alike two outcomes for the same event are, from 0 to 1. */
  similarity?(current: O, candidate: O): number;
}

/**
 * Runs one model on some events of the batch: `indices` into the batch, in order; `serve` says whether the
 * results will be written as the events' own (a model may do extra work only then, as explanations).
 * Resolves with one result per index, undefined where the model has none yet (an online model learning).
 */
export type ModelRunner<O> = (indices: readonly number[], serve: boolean) => Promise<(O | undefined)[]>;

/** A model of the roll-out: what it is, and how events are stamped with it. */
export interface RolloutModel {
  readonly identity: ModelIdentity;
  /** The version written on events; `<name>@<hash>` unless the model says more (an online model's fit). */
  stamp?(): string;
}

export interface RolloutOptions<O> {
  /** The processor's id and type. */
  readonly processor: string;
  readonly type: string;
  /** Where the model version is written: `<namespace>.model_version`, and `<namespace>.shadow.model_version`. */
  readonly namespace: string;
  readonly current: RolloutModel;
  readonly candidate?: (RolloutModel & Omit<CandidateSettings<unknown>, 'model'>) | undefined;
  readonly guard: GuardSettings;
  readonly profile: OutcomeProfile<O>;
  readonly stateDir: string;
  readonly logger: Logger;
  readonly metrics: Registry;
}

/** One batch's results: for each event, the model whose result is written and that result (or its error); in shadow mode the candidate's too. */
export interface BatchResults<O> {
  readonly servedBy: Role[];
  /** undefined: the model has no result yet (learning). */
  readonly served: (O | undefined | Error)[];
  readonly shadow: (O | undefined | Error)[] | undefined;
}

const COMPARISON_LOG_EVERY = 10_000;
const NOT_RUN = Symbol('not run');
type Slot<O> = O | undefined | Error | typeof NOT_RUN;

interface Counts extends Tally {
  events: number;
  errors: number;
  flagged: number | undefined;
  served: number;
  scoreSum: number;
  scored: number;
  calls: number;
  callSeconds: number;
}

const round = (x: number | undefined, digits = 4): number | null => (x === undefined || !Number.isFinite(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits);

export class ModelRollout<O> implements ModelControl {
  private state: RolloutState;
  private decision: Decision | undefined;
  private readonly counts: Record<Role, Counts>;
  /** With guard.window, what the guard judges instead of the counts since the processor was built. */
  private readonly windows: Record<Role, WindowedTally> | undefined;
  private readonly series: Record<Role, ModelSeries>;
  private readonly comparison = { compared: 0, agreed: 0, similaritySum: 0, similarities: 0, lastLogged: 0 };
  private withoutKey = 0;
  private readonly router: CanaryRouter | undefined;
  private readonly metrics: RolloutMetrics;
  private readonly detach: () => void;
  private readonly labels: Record<Role, string>;

  private constructor(
    private readonly options: RolloutOptions<O>,
    private readonly store: DecisionStore,
    restored: Decision | undefined,
  ) {
    const { candidate, profile } = options;
    this.decision = restored;
    this.state = candidate === undefined ? 'none' : (restored?.state ?? candidate.mode);
    this.router = candidate?.mode === 'canary' && candidate.key !== undefined ? new CanaryRouter(candidate.key, candidate.share, candidate.identity.hash) : undefined;
    this.labels = { current: versionLabel(options.current.identity), candidate: candidate === undefined ? '' : versionLabel(candidate.identity) };
    const counts = (): Counts => ({ events: 0, errors: 0, flagged: profile.flagged === undefined ? undefined : 0, served: 0, scoreSum: 0, scored: 0, calls: 0, callSeconds: 0 });
    this.counts = { current: counts(), candidate: counts() };
    const window = options.guard.window;
    this.windows = window === undefined ? undefined : { current: new WindowedTally(window, profile.flagged !== undefined), candidate: new WindowedTally(window, profile.flagged !== undefined) };
    this.metrics = rolloutMetrics(options.metrics, options.processor);
    this.series = { current: this.metrics.series('current', this.labels.current), candidate: this.metrics.series('candidate', this.labels.candidate) };
    this.detach = this.metrics.attach(() => this.status());
  }

  /** Builds the roll-out and applies the decision saved for these two models, if there is one. */
  static async open<O>(options: RolloutOptions<O>): Promise<ModelRollout<O>> {
    const store = new DecisionStore(options.stateDir, options.processor);
    let restored: Decision | undefined;
    if (options.candidate !== undefined) {
      const read = await store.read(options.current.identity.hash, options.candidate.identity.hash);
      if (read.kind === 'applies') restored = read.decision;
      else if (read.kind === 'corrupt') options.logger.error({ file: store.path, reason: read.reason }, 'saved model roll-out decision not used');
    }
    const rollout = new ModelRollout(options, store, restored);
    rollout.logLoaded();
    return rollout;
  }

  /** Writes the version of the model whose result an event carries (or, with `shadow`, of the candidate beside it). */
  stamp(event: LogEvent, role: Role, shadow = false): void {
    const model = role === 'current' ? this.options.current : this.options.candidate;
    if (model === undefined) return;
    setField(event, shadow ? `${this.options.namespace}.shadow.model_version` : `${this.options.namespace}.model_version`, model.stamp?.() ?? this.labels[role]);
  }

  /**
   * Routes the batch's events, runs the models on theirs and tallies the results. `currentSeesAll` runs the
   * current model on every event even where the candidate serves (a model that learns from every event,
   * cheap enough to run twice); those events are compared too.
   */
  async run(events: readonly LogEvent[], current: ModelRunner<O>, candidate: ModelRunner<O> | undefined, { currentSeesAll = false } = {}): Promise<BatchResults<O>> {
    const n = events.length;
    const servedBy: Role[] = new Array<Role>(n).fill('current');
    const shadow = this.state === 'shadow' && candidate !== undefined;
    const candidateServes = candidate !== undefined && (this.state === 'canary' || this.state === 'promoted');
    const all = Array.from({ length: n }, (_, i) => i);
    const currentIndices: number[] = [];
    const candidateIndices: number[] = [];
    for (let i = 0; i < n; i++) {
      const routed = candidateServes && (this.state === 'promoted' || this.routeToCandidate(events[i] as LogEvent));
      if (routed) {
        servedBy[i] = 'candidate';
        candidateIndices.push(i);
      } else currentIndices.push(i);
    }
    const currentSlots: Slot<O>[] = new Array<Slot<O>>(n).fill(NOT_RUN);
    const candidateSlots: Slot<O>[] = new Array<Slot<O>>(n).fill(NOT_RUN);
    await Promise.all([
      this.call('current', current, currentSeesAll ? all : currentIndices, true, currentSlots),
      candidate === undefined ? undefined : this.call('candidate', candidate, shadow ? all : candidateIndices, !shadow, candidateSlots),
    ]);
    // Where the candidate failed or has no result yet, the current model serves.
    const fallback: number[] = [];
    for (const i of candidateIndices) {
      const result = candidateSlots[i];
      if (result === undefined || result instanceof Error) {
        servedBy[i] = 'current';
        if (currentSlots[i] === NOT_RUN) fallback.push(i);
      }
    }
    if (fallback.length > 0) await this.call('current', current, fallback, true, currentSlots);
    const served = servedBy.map((role, i) => {
      const slot = role === 'current' ? currentSlots[i] : candidateSlots[i];
      return slot === NOT_RUN ? undefined : (slot as O | undefined | Error);
    });
    this.tallyServed(servedBy, served);
    this.compare(currentSlots, candidateSlots);
    await this.guard();
    return { servedBy, served, shadow: shadow ? candidateSlots.map((s) => (s === NOT_RUN ? undefined : s)) : undefined };
  }

  status(): ModelStatus {
    const { candidate, processor, type } = this.options;
    const c = this.comparison;
    return {
      processor,
      type,
      state: this.state,
      serving: this.state === 'promoted' ? this.labels.candidate : this.labels.current,
      current: this.figures('current'),
      ...(candidate === undefined
        ? {}
        : {
            candidate: { ...this.figures('candidate'), mode: candidate.mode, ...(candidate.mode === 'canary' ? { share: candidate.share, key: candidate.key } : {}) },
            comparison: { compared: c.compared, agreed: c.agreed, agreement: round(c.compared === 0 ? undefined : c.agreed / c.compared), mean_similarity: round(c.similarities === 0 ? undefined : c.similaritySum / c.similarities) },
            ...(candidate.mode === 'canary' ? { without_key: this.withoutKey } : {}),
          }),
      ...(this.decision === undefined ? {} : { decision: { state: this.decision.state, by: this.decision.by, reason: this.decision.reason, at: this.decision.at } }),
    };
  }

  promote(): Promise<ModelStatus> {
    return this.decide('promoted', 'api', 'promoted through the API');
  }

  rollback(): Promise<ModelStatus> {
    return this.decide('rolled_back', 'api', 'rolled back through the API');
  }

  /** Logs the last comparison and stops reporting this processor in the gauges. */
  close(): void {
    if (this.comparison.compared > this.comparison.lastLogged) this.logComparison();
    this.detach();
  }

  private routeToCandidate(event: LogEvent): boolean {
    const routed = this.router?.toCandidate(event);
    if (routed === undefined) this.withoutKey++;
    return routed === true;
  }

  /** Runs one model on `indices` and puts each result (or the call's error) in its slot; times and counts the call. */
  private async call(role: Role, runner: ModelRunner<O>, indices: readonly number[], serve: boolean, slots: Slot<O>[]): Promise<void> {
    if (indices.length === 0) return;
    const counts = this.counts[role];
    const series = this.series[role];
    const started = performance.now();
    let results: (O | undefined)[] | Error;
    try {
      results = await runner(indices, serve);
    } catch (error) {
      results = error instanceof Error ? error : new Error(errorMessage(error));
    }
    const seconds = (performance.now() - started) / 1000;
    counts.calls++;
    counts.callSeconds += seconds;
    series.call(seconds);
    if (results instanceof Error) {
      for (const i of indices) slots[i] = results;
      counts.errors += indices.length;
      series.errors(indices.length);
      this.windows?.[role].add(0, indices.length, 0);
      return;
    }
    const { profile } = this.options;
    let given = 0;
    let flagged = 0;
    indices.forEach((index, k) => {
      const outcome = results[k];
      slots[index] = outcome;
      if (outcome === undefined) return;
      given++;
      if (profile.flagged?.(outcome)) flagged++;
      if (profile.score) {
        const score = profile.score(outcome);
        counts.scoreSum += score;
        counts.scored++;
        series.score(score);
      }
    });
    counts.events += given;
    series.results(given);
    this.windows?.[role].add(given, 0, flagged);
    if (counts.flagged !== undefined) {
      counts.flagged += flagged;
      series.flagged(flagged);
    }
  }

  private tallyServed(servedBy: readonly Role[], served: readonly (O | undefined | Error)[]): void {
    let current = 0;
    let candidate = 0;
    servedBy.forEach((role, i) => {
      const result = served[i];
      if (result === undefined || result instanceof Error) return;
      if (role === 'current') current++;
      else candidate++;
    });
    this.counts.current.served += current;
    this.counts.candidate.served += candidate;
    if (current > 0) this.series.current.served(current);
    if (candidate > 0) this.series.candidate.served(candidate);
  }

  private compare(current: readonly Slot<O>[], candidate: readonly Slot<O>[]): void {
    const { profile } = this.options;
    let compared = 0;
    let agreed = 0;
    for (let i = 0; i < current.length; i++) {
      const a = current[i];
      const b = candidate[i];
      if (a === undefined || b === undefined || a === NOT_RUN || b === NOT_RUN || a instanceof Error || b instanceof Error) continue;
      compared++;
      if (profile.agree(a, b)) agreed++;
      if (profile.similarity) {
        const similarity = profile.similarity(a, b);
        this.comparison.similaritySum += similarity;
        this.comparison.similarities++;
        this.metrics.similarity(this.labels.candidate, similarity);
      }
    }
    if (compared === 0) return;
    this.comparison.compared += compared;
    this.comparison.agreed += agreed;
    this.metrics.compared(this.labels.candidate, compared, agreed);
    if (this.comparison.compared - this.comparison.lastLogged >= COMPARISON_LOG_EVERY) this.logComparison();
  }

  private async guard(): Promise<void> {
    if (this.state !== 'canary' && this.state !== 'shadow') return;
    const tally = (role: Role): Tally => this.windows?.[role].tally() ?? this.counts[role];
    const verdict = judge(tally('current'), tally('candidate'), this.options.guard);
    if (verdict === undefined) return;
    const reason = verdict.reason === 'error_rate' ? 'error rate outside its band' : 'flagged rate outside its band';
    this.options.logger.warn(
      { candidate: this.labels.candidate, current: this.labels.current, reason: verdict.reason, ...verdict.figures },
      `candidate model rolled back by the guard: ${reason}; the current model serves every event`,
    );
    await this.decide('rolled_back', 'guard', `${verdict.reason}: ${Object.entries(verdict.figures).map(([k, v]) => `${k}=${v}`).join(' ')}`, verdict.reason);
  }

  /**
   * A decision through the API is saved first (a failure to save answers an error and changes nothing); the
   * guard's applies at once (the next batch sees it) and an unsaved one holds until the processor is rebuilt.
   */
  private async decide(state: 'promoted' | 'rolled_back', by: 'api' | 'guard', reason: string, metricReason: GuardReason | 'api' = 'api'): Promise<ModelStatus> {
    const { candidate, processor, logger } = this.options;
    if (candidate === undefined) throw new SidecarError('MODEL_NO_CANDIDATE', `processor "${processor}" has no canary or shadow model to ${state === 'promoted' ? 'promote' : 'roll back'}`);
    if (this.state === state) return this.status();
    const decision: Decision = { processor, current: this.options.current.identity.hash, candidate: candidate.identity.hash, state, by, reason, at: new Date().toISOString() };
    if (by === 'api') await this.store.write(decision);
    this.state = state;
    this.decision = decision;
    if (state === 'promoted') this.metrics.promoted(this.labels.candidate);
    else this.metrics.rolledBack(this.labels.candidate, metricReason);
    if (by === 'api') {
      logger.info({ candidate: this.labels.candidate, current: this.labels.current, state }, `candidate model ${state === 'promoted' ? 'promoted' : 'rolled back'} through the API`);
      return this.status();
    }
    await this.store.write(decision).catch((error: unknown) => {
      logger.error({ file: this.store.path, err: errorMessage(error) }, 'cannot save the model roll-out decision; it holds until the processor is rebuilt');
    });
    return this.status();
  }

  private figures(role: Role): ModelFigures {
    const c = this.counts[role];
    return {
      version: role === 'current' ? this.labels.current : this.labels.candidate,
      role,
      events: c.events,
      served: c.served,
      errors: c.errors,
      error_rate: round(errorRate(c)),
      flagged_rate: round(flaggedRate(c)),
      mean_score: round(c.scored === 0 ? undefined : c.scoreSum / c.scored),
      mean_call_ms: round(c.calls === 0 ? undefined : (c.callSeconds * 1000) / c.calls, 3),
    };
  }

  private logLoaded(): void {
    const { candidate, logger } = this.options;
    logger.info(
      {
        model: this.labels.current,
        ...(candidate === undefined ? {} : { candidate: this.labels.candidate, mode: candidate.mode, ...(candidate.mode === 'canary' ? { share: candidate.share, key: candidate.key } : {}) }),
        state: this.state,
        ...(this.decision === undefined ? {} : { decision: this.decision }),
      },
      this.decision === undefined ? 'model versions loaded' : `model versions loaded; the saved decision applies (${this.decision.state})`,
    );
  }

  private logComparison(): void {
    const c = this.comparison;
    c.lastLogged = c.compared;
    this.options.logger.info(
      { current: this.labels.current, candidate: this.labels.candidate, compared: c.compared, agreement: round(c.agreed / c.compared), mean_similarity: round(c.similarities === 0 ? undefined : c.similaritySum / c.similarities) },
      'model comparison',
    );
  }
}
