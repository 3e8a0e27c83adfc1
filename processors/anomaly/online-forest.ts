/**
 * The isolation forest trained in the agent: a sliding window of the most recent feature vectors, a first
 * fit after `warmup` events, refits every `refitEvery` events (or `refitIntervalMs`) in the training worker
 * while the current model keeps scoring, and an atomic swap when the new one is ready. Each fit is saved
 * (with the encoders) so a restart scores at once.
 *
 * Training runs in a worker; scoring stays on the main thread, where it is a small share of the work: a
 * scoring worker would overlap only with reading and writing, for a round trip per batch and a second copy
 * of each model to keep in step (figures in bench/RESULTS.md).
 */
import type { Logger } from 'pino';
import type { FeatureEncoder } from './features.js';
import { scoreAndExplainBatch, type FeatureCredit } from './forest/explanations.js';
import type { ForestModel } from './forest/forest-model.js';
import { scoreBatch } from './forest/scoring.js';
import type { ForestTrainer } from './forest/trainer.js';
import type { ModelStore } from './model-store.js';

interface OnlineForestOptions {
  trees: number;
  sampleSize: number;
  seed: number;
  warmup: number;
  refitEvery: number;
  refitIntervalMs: number | undefined;
  window: number;
  /** Share of training events expected to be anomalies: sets the severity cut-offs from their scores. */
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
    private readonly trainer: ForestTrainer,
    private readonly store: ModelStore,
    private readonly encoder: FeatureEncoder,
    private readonly logger: Logger,
    /** False for a shadow model: the encoders belong to the primary model's state. */
    private readonly ownsEncoder = true,
  ) {
    this.ring = new Float64Array(options.window * width);
  }

  /** Restores a saved model; reports and ignores one that cannot be used. */
  async restore(): Promise<void> {
    const loaded = await this.store.load();
    if (loaded.kind === 'missing') return;
    if (loaded.kind === 'unusable') {
      this.logger.error({ file: this.store.path, reason: loaded.reason }, 'saved anomaly model not used; training a new one');
      return;
    }
    if (loaded.saved.model.features !== this.width) {
      this.logger.error({ file: this.store.path }, 'saved anomaly model has another feature count; training a new one');
      return;
    }
    this.model = loaded.saved.model;
    this.version = loaded.saved.version;
    this.seen = loaded.saved.seen;
    this.cutoffs = loaded.saved.cutoffs;
    if (this.ownsEncoder) this.encoder.restore(loaded.saved.encoder);
    this.logger.info({ file: this.store.path, version: this.version }, 'anomaly model restored');
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

  private async fit(): Promise<void> {
    this.sinceFit = 0;
    this.lastFit = Date.now();
    const rows = this.filled;
    // Oldest first, so the training set does not depend on where the ring's write position is.
    const start = this.filled < this.options.window ? 0 : this.next;
    const data = new Float64Array(rows * this.width);
    for (let i = 0; i < rows; i++) {
      const from = ((start + i) % this.options.window) * this.width;
      data.set(this.ring.subarray(from, from + this.width), i * this.width);
    }
    const training = this.options.contamination === undefined ? undefined : data.slice();
    const version = this.version + 1;
    const model = await this.trainer.train(data, rows, this.width, { trees: this.options.trees, sampleSize: this.options.sampleSize, seed: this.options.seed + version });
    const cutoffs = training && learnCutoffs(model, training, rows, this.options.contamination as number);
    this.model = model;
    this.version = version;
    this.cutoffs = cutoffs;
    this.logger.info({ version, rows, cutoffs }, 'anomaly model trained');
    await this.store
      .save({ version, seen: this.seen, cutoffs, model, encoder: this.encoder.snapshot() })
      .catch((error: unknown) => this.logger.error({ err: (error as Error).message, file: this.store.path }, 'cannot save the anomaly model'));
  }
}

/** A batch seen while the forest is still learning: no scores, no explanations. */
function unscored(count: number): { scores: undefined[]; explanations: FeatureCredit[][] } {
  return { scores: new Array<undefined>(count).fill(undefined), explanations: [] };
}

export interface Cutoffs {
  /** Scores from here are anomalies (severity medium); high and critical are rarer still. */
  medium: number;
  high: number;
  critical: number;
}

/**
 * With contamination c, the training scores' quantiles: the top c are anomalies (medium and up), the top
 * c/2 high and the top c/4 critical.
 */
function learnCutoffs(model: ForestModel, data: Float64Array, rows: number, contamination: number): Cutoffs {
  // On the main thread, once per fit: in one batch (which also lays the model out for scoring).
  const scores = new Float64Array(rows);
  scoreBatch(model, data, rows, scores);
  scores.sort();
  const quantile = (q: number) => scores[Math.min(rows - 1, Math.floor(q * rows))] as number;
  return { medium: quantile(1 - contamination), high: quantile(1 - contamination / 2), critical: quantile(1 - contamination / 4) };
}
