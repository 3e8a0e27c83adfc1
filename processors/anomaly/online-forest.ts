/**
 * The isolation forest trained in the agent: a sliding window of the most recent feature vectors, a first
 * fit after `warmup` events, refits every `refitEvery` events (or `refitIntervalMs`) in the training worker
 * while the current model keeps scoring, and an atomic swap when the new one is ready. Each fit is saved
 * (with the encoders and the window), and so is the state when the processor stops, so a restart scores
 * at once and its next refit trains on as many rows as without the restart.
 *
 * Training runs in a worker; scoring stays on the main thread, where it is a small share of the work: a
 * scoring worker would overlap only with reading and writing, for a round trip per batch and a second copy
 * of each model to keep in step (figures in bench/RESULTS.md).
 */
import type { Logger } from 'pino';
import { normalCutoffs, type Cutoffs } from './cutoffs.js';
import type { FeatureEncoder } from './features.js';
import { scoreAndExplainBatch, type FeatureCredit } from './forest/explanations.js';
import type { ForestModel } from './forest/forest-model.js';
import { scoreBatch } from './forest/scoring.js';
import type { ForestTrainer } from './forest/trainer.js';
import type { ModelStore, SavedModel } from './model-store.js';
import { logWarmupProgress } from './warmup-progress.js';

interface OnlineForestOptions {
  trees: number;
  sampleSize: number;
  seed: number;
  warmup: number;
  refitEvery: number;
  refitIntervalMs: number | undefined;
  window: number;
  /** Share of training events expected to be anomalies: sets the severity cut-offs from their scores (undefined: fixed cut-offs). */
  contamination: number | undefined;
}

export class OnlineForest {
  model: ForestModel | undefined;
  /** Fits so far (1 = first model); part of anomaly.model_version. */
  version = 0;
  /** Severity cut-offs learned from the training scores at the last fit (with contamination). */
  cutoffs: Cutoffs | undefined;
  private readonly ring: Float64Array;
  private filled = 0;
  private next = 0;
  private seen = 0;
  private sinceFit = 0;
  private lastFit = Date.now();
  private refitting: Promise<void> | undefined;

  constructor(
    private readonly width: number,
    private readonly options: OnlineForestOptions,
    private readonly trainer: Pick<ForestTrainer, 'train'>,
    private readonly store: ModelStore,
    /** Only its state is used here (saved and restored with the model), so a forest over computed features passes a stateless one. */
    private readonly encoder: Pick<FeatureEncoder, 'snapshot' | 'restore'>,
    private readonly logger: Logger,
    /** False for a shadow model: the encoders belong to the primary model's state. */
    private readonly ownsEncoder = true,
  ) {
    this.ring = new Float64Array(options.window * width);
  }

  /** Restores a saved model, its window and its refit schedule; reports and ignores a file that cannot be used. */
  async restore(): Promise<void> {
    const loaded = await this.store.load();
    if (loaded.kind === 'missing') return;
    if (loaded.kind === 'unusable') {
      this.logger.error({ file: this.store.path, reason: loaded.reason }, 'saved anomaly model not used; training a new one');
      return;
    }
    const saved = loaded.saved;
    if (saved.model !== undefined && saved.model.features !== this.width) {
      this.logger.error({ file: this.store.path }, 'saved anomaly model has another feature count; training a new one');
      return;
    }
    this.model = saved.model;
    this.version = saved.version;
    this.seen = saved.seen;
    if (this.ownsEncoder) this.encoder.restore(saved.encoder);
    if (saved.window) this.restoreWindow(saved.window.rows, saved.window.sinceFit, saved.window.lastFit);
    this.cutoffs = saved.contamination === this.options.contamination ? saved.cutoffs : undefined;
    if (this.model && this.cutoffs === undefined && this.options.contamination !== undefined && this.filled > 0) {
      // Saved with another contamination (or none): learn the cut-offs again from the restored window.
      const rows = this.windowRows();
      this.cutoffs = learnCutoffs(this.model, rows, this.filled, this.options.contamination);
    }
    const state = { file: this.store.path, version: this.version, seen: this.seen, window_rows: this.filled, since_fit: this.sinceFit };
    this.logger.info(state, this.model ? 'anomaly model restored' : 'anomaly warm-up restored');
  }

  /** Waits for a refit in progress, then saves the state (window included) for the next start. */
  async close(): Promise<void> {
    await this.settled();
    if (this.seen === 0) return;
    await this.store.save(this.state()).catch((error: unknown) => this.logger.error({ err: (error as Error).message, file: this.store.path }, 'cannot save the anomaly model'));
  }

  get versionLabel(): string {
    return `online:${this.version}`;
  }

  /**
   * Learns from `count` rows and scores them: undefined for the first `warmup` events ever seen. The batch
   * that completes the warm-up waits for the first fit (its later rows are scored); refits run in the
   * background. With `explain` > 0, also the features that isolated each row fastest, from the same
   * model and the same pass over its trees (empty while learning).
   */
  async observeAndScore(rows: Float64Array, count: number, explain = 0): Promise<{ scores: (number | undefined)[]; explanations: FeatureCredit[][] }> {
    for (let i = 0; i < count; i++) this.add(rows, i * this.width);
    const learning = this.model === undefined ? Math.max(0, Math.min(count, this.options.warmup - this.seen)) : 0;
    if (this.model === undefined) logWarmupProgress(this.logger, this.seen, this.seen + count, this.options.warmup, 'online');
    this.seen += count;
    this.sinceFit += count;
    if (this.model === undefined) {
      if (this.seen < this.options.warmup) return unscored(count);
      await this.fit();
    } else if (this.refitting === undefined && this.dueForRefit()) {
      this.refitting = this.fit()
        .catch((error: unknown) => this.logger.error({ err: (error as Error).message }, 'anomaly model refit failed; keeping the current model'))
        .finally(() => (this.refitting = undefined));
    }
    const model = this.model;
    if (model === undefined) return unscored(count);
    const scores = new Float64Array(count);
    let explanations: FeatureCredit[][] = [];
    if (explain > 0) {
      explanations = scoreAndExplainBatch(model, rows, count, scores, explain);
      for (let i = 0; i < learning; i++) explanations[i] = []; // rows seen before the first fit
    } else scoreBatch(model, rows, count, scores);
    return { scores: Array.from(scores, (score, i) => (i < learning ? undefined : score)), explanations };
  }

  /** Waits for a refit in progress (for tests and shutdown). */
  async settled(): Promise<void> {
    await this.refitting;
  }

  private dueForRefit(): boolean {
    if (this.sinceFit >= this.options.refitEvery) return true;
    const interval = this.options.refitIntervalMs;
    return interval !== undefined && this.sinceFit > 0 && Date.now() - this.lastFit >= interval;
  }

  private add(rows: Float64Array, offset: number): void {
    this.ring.set(rows.subarray(offset, offset + this.width), this.next * this.width);
    this.next = (this.next + 1) % this.options.window;
    if (this.filled < this.options.window) this.filled++;
  }

  /** The newest `rows.length / width` rows (at most the window), as if they had just been added. */
  private restoreWindow(rows: Float64Array, sinceFit: number, lastFit: number): void {
    const count = Math.min(rows.length / this.width, this.options.window);
    this.ring.set(rows.subarray(rows.length - count * this.width));
    this.filled = count;
    this.next = count % this.options.window;
    this.sinceFit = sinceFit;
    this.lastFit = lastFit;
  }

  /** The window's rows, oldest first, so the training set does not depend on where the ring's write position is. */
  private windowRows(): Float64Array {
    const start = this.filled < this.options.window ? 0 : this.next;
    const data = new Float64Array(this.filled * this.width);
    for (let i = 0; i < this.filled; i++) {
      const from = ((start + i) % this.options.window) * this.width;
      data.set(this.ring.subarray(from, from + this.width), i * this.width);
    }
    return data;
  }

  private state(): SavedModel {
    return {
      version: this.version,
      seen: this.seen,
      cutoffs: this.cutoffs,
      contamination: this.options.contamination,
      model: this.model,
      encoder: this.encoder.snapshot(),
      window: { rows: this.windowRows(), sinceFit: this.sinceFit, lastFit: this.lastFit },
    };
  }

  private async fit(): Promise<void> {
    this.sinceFit = 0;
    this.lastFit = Date.now();
    const rows = this.filled;
    const data = this.windowRows();
    // The trainer takes `data` (it is transferred to the worker): the cut-offs need a copy.
    const training = this.options.contamination === undefined ? undefined : data.slice();
    const version = this.version + 1;
    const model = await this.trainer.train(data, rows, this.width, { trees: this.options.trees, sampleSize: this.options.sampleSize, seed: this.options.seed + version });
    const cutoffs = training && learnCutoffs(model, training, rows, this.options.contamination as number);
    this.model = model;
    this.version = version;
    this.cutoffs = cutoffs;
    this.logger.info({ version, rows, cutoffs }, 'anomaly model trained');
    await this.store.save(this.state()).catch((error: unknown) => this.logger.error({ err: (error as Error).message, file: this.store.path }, 'cannot save the anomaly model'));
  }
}

/** A batch seen while the forest is still learning: no scores, no explanations. */
function unscored(count: number): { scores: undefined[]; explanations: FeatureCredit[][] } {
  return { scores: new Array<undefined>(count).fill(undefined), explanations: [] };
}

/** With contamination c, the cut-offs of the training scores (cutoffs.ts). */
function learnCutoffs(model: ForestModel, data: Float64Array, rows: number, contamination: number): Cutoffs {
  // On the main thread, once per fit: in one batch (which also lays the model out for scoring).
  const scores = new Float64Array(rows);
  scoreBatch(model, data, rows, scores);
  return normalCutoffs(scores, rows, contamination);
}
