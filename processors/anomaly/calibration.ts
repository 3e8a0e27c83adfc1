/**
 * Severity cut-offs for an ONNX model, learned from the scores it gives live events, on the online
 * forest's schedule: first from the scores of the first `warmup` events (marked learning), then again
 * every `refitEvery` events from the scores of the last `window` events. The model file carries nothing
 * about the scores of its training data, and the first events are not a fair sample of later ones: the
 * frequency encodings start empty, so early events look rarer and score higher (calibrated on them alone,
 * far fewer later events than `contamination` were flagged: bench/RESULTS.md). The scores and
 * the schedule are saved in state_dir (atomically; at most `window` scores) at each calibration and when
 * the processor stops, so a restart neither calibrates from scratch nor loses its sample. Saved per model
 * file (its sha256) and feature list: another model or other features calibrate afresh; a changed
 * contamination (or cut-offs saved by another estimator) recomputes the cut-offs from the saved scores, with no new sample.
 */
import path from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import { JsonStateFile, safeFileName } from '../../agent/kit.js';
import { CUTOFFS_METHOD, normalCutoffs, type Cutoffs } from './cutoffs.js';
import { decodeFloat64, encodeArray, settingsSignature } from './saved-arrays.js';
import { logWarmupProgress } from './warmup-progress.js';

const savedSchema = z.object({
  format: z.literal(1),
  signature: z.string(),
  /** The newest scores, oldest first, float64 (base64). */
  scores: z.string(),
  seen: z.number().int().min(0),
  sinceCalibration: z.number().int().min(0),
  /** The last cut-offs, and the contamination they were learned with. */
  cutoffs: z.object({ medium: z.number(), high: z.number(), critical: z.number() }).optional(),
  contamination: z.number().optional(),
  /** The estimator that learned them (cutoffs.ts); absent: the first one. */
  cutoffsMethod: z.number().int().optional(),
});

interface Schedule {
  warmup: number;
  refitEvery: number;
  window: number;
}

export class ScoreCalibration {
  cutoffs: Cutoffs | undefined;
  private readonly ring: Float64Array;
  private filled = 0;
  private next = 0;
  private seen = 0;
  private sinceCalibration = 0;
  private readonly file: JsonStateFile<typeof savedSchema>;
  private readonly signature: string;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    stateDir: string,
    id: string,
    /** What the scores depend on: the model file's digest and the features. */
    settings: unknown,
    private readonly schedule: Schedule,
    private readonly contamination: number,
    private readonly logger: Logger,
  ) {
    this.ring = new Float64Array(schedule.window);
    this.file = new JsonStateFile(path.join(stateDir, 'anomaly', `${safeFileName(id)}.calibration.json`), savedSchema);
    this.signature = settingsSignature(settings);
  }

  /** Restores saved scores and schedule; reports and ignores a file that cannot be used. */
  async restore(): Promise<void> {
    const read = await this.file.read();
    if (read.kind === 'missing') return;
    const unusable = (reason: string) => this.logger.error({ file: this.file.file, reason }, 'saved anomaly calibration not used; calibrating again');
    if (read.kind === 'corrupt') return unusable(`corrupt (${read.reason}); moved to ${read.movedTo}`);
    if (read.value.signature !== this.signature) return unusable('saved for another model or other features');
    let scores: Float64Array;
    try {
      scores = decodeFloat64(read.value.scores);
    } catch {
      return unusable('the scores have a partial value');
    }
    for (const score of scores.subarray(Math.max(0, scores.length - this.ring.length))) this.add(score);
    this.seen = read.value.seen;
    this.sinceCalibration = read.value.sinceCalibration;
    // The cut-offs in use before the restart; learned again from the saved scores for another contamination or estimator.
    const sameCutoffs = read.value.contamination === this.contamination && (read.value.cutoffsMethod ?? 1) === CUTOFFS_METHOD;
    if (read.value.cutoffs !== undefined && sameCutoffs) this.cutoffs = read.value.cutoffs;
    else if (this.seen >= this.schedule.warmup) this.calibrate();
    this.logger.info({ file: this.file.file, seen: this.seen, scores: this.filled, cutoffs: this.cutoffs }, 'anomaly calibration restored');
  }

  /**
   * Takes the batch's scores; returns how many of the `count` events are still learning (the first
   * `warmup` ever seen). The batch that completes the warm-up is calibrated on, and its later rows are not
   * learning.
   */
  observe(scores: Float64Array, count: number): number {
    for (let i = 0; i < count; i++) this.add(scores[i] as number);
    const learning = this.cutoffs === undefined ? Math.max(0, Math.min(count, this.schedule.warmup - this.seen)) : 0;
    if (this.cutoffs === undefined) logWarmupProgress(this.logger, this.seen, this.seen + count, this.schedule.warmup, 'onnx');
    this.seen += count;
    this.sinceCalibration += count;
    const due = this.cutoffs === undefined ? this.seen >= this.schedule.warmup : this.sinceCalibration >= this.schedule.refitEvery;
    if (due) {
      this.sinceCalibration = 0;
      this.calibrate();
      this.logger.info({ scores: this.filled, cutoffs: this.cutoffs }, 'anomaly model calibrated');
      void this.save();
    }
    return learning;
  }

  /** Saves the scores and the schedule (one save at a time: a calibration and a stop may overlap). */
  save(): Promise<void> {
    if (this.seen === 0) return this.writing;
    this.writing = this.writing.then(() => this.write());
    return this.writing;
  }

  private add(score: number): void {
    this.ring[this.next] = score;
    this.next = (this.next + 1) % this.ring.length;
    if (this.filled < this.ring.length) this.filled++;
  }

  private calibrate(): void {
    this.cutoffs = normalCutoffs(this.scores(), this.filled, this.contamination);
  }

  /** The newest scores, oldest first. */
  private scores(): Float64Array {
    const start = this.filled < this.ring.length ? 0 : this.next;
    const out = new Float64Array(this.filled);
    for (let i = 0; i < this.filled; i++) out[i] = this.ring[(start + i) % this.ring.length] as number;
    return out;
  }

  private async write(): Promise<void> {
    const scores = this.scores();
    try {
      await this.file.write({
        format: 1,
        signature: this.signature,
        scores: encodeArray(scores),
        seen: this.seen,
        sinceCalibration: this.sinceCalibration,
        ...(this.cutoffs === undefined ? {} : { cutoffs: this.cutoffs, contamination: this.contamination, cutoffsMethod: CUTOFFS_METHOD }),
      });
    } catch (error) {
      this.logger.error({ err: (error as Error).message, file: this.file.file }, 'cannot save the anomaly calibration');
    }
  }
}
