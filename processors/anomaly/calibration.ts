/**
 * Severity cut-offs for an ONNX model, learned from the scores of the first `size` events it scores: the
 * model file carries no scores of its training data, and live traffic is what the cut-offs are for. The
 * sample is saved in state_dir (atomically; at most `size` scores) when it is complete and when the
 * processor stops, so a restart neither calibrates again nor starts the sample over. Saved per model file
 * (its sha256) and feature list: another model or other features calibrate afresh. The cut-offs are
 * recomputed from the sample at start-up, so a changed contamination needs no new sample.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import { JsonStateFile, safeFileName } from '../../agent/kit.js';
import { quantileCutoffs, type Cutoffs } from './cutoffs.js';

const savedSchema = z.object({
  format: z.literal(1),
  signature: z.string(),
  /** The scores so far, float64 (base64). */
  scores: z.string(),
});

export class ScoreCalibration {
  cutoffs: Cutoffs | undefined;
  private readonly sample: Float64Array;
  private taken = 0;
  private saved = 0;
  private writing: Promise<void> = Promise.resolve();
  private readonly file: JsonStateFile<typeof savedSchema>;
  private readonly signature: string;

  constructor(
    stateDir: string,
    id: string,
    /** What the scores depend on: the model file's digest and the features. */
    settings: unknown,
    private readonly size: number,
    private readonly contamination: number,
    private readonly logger: Logger,
  ) {
    this.sample = new Float64Array(size);
    this.file = new JsonStateFile(path.join(stateDir, 'anomaly', `${safeFileName(id)}.calibration.json`), savedSchema);
    this.signature = createHash('sha256').update(JSON.stringify(settings)).digest('hex');
  }

  /** Restores a saved sample; reports and ignores one that cannot be used. */
  async restore(): Promise<void> {
    const read = await this.file.read();
    if (read.kind === 'missing') return;
    const unusable = (reason: string) => this.logger.error({ file: this.file.file, reason }, 'saved anomaly calibration not used; calibrating again');
    if (read.kind === 'corrupt') return unusable(`corrupt (${read.reason}); moved to ${read.movedTo}`);
    if (read.value.signature !== this.signature) return unusable('saved for another model or other features');
    const bytes = Buffer.from(read.value.scores, 'base64');
    const scores = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength - (bytes.byteLength % 8)));
    this.taken = Math.min(scores.length, this.size);
    this.sample.set(scores.subarray(0, this.taken));
    this.saved = this.taken;
    if (this.taken === this.size) this.complete();
    this.logger.info({ file: this.file.file, scores: this.taken, of: this.size, cutoffs: this.cutoffs }, 'anomaly calibration restored');
  }

  /** Takes scores into the sample until it is complete; returns how many of the `count` it took (those events are still learning). */
  observe(scores: Float64Array, count: number): number {
    if (this.cutoffs !== undefined) return 0;
    const take = Math.min(count, this.size - this.taken);
    this.sample.set(scores.subarray(0, take), this.taken);
    this.taken += take;
    if (this.taken === this.size) {
      this.complete();
      this.logger.info({ scores: this.size, cutoffs: this.cutoffs }, 'anomaly model calibrated');
      void this.save();
    }
    return take;
  }

  /** Saves the sample if it grew since the last save (one save at a time: completion and stop may overlap). */
  save(): Promise<void> {
    this.writing = this.writing.then(() => this.write());
    return this.writing;
  }

  private async write(): Promise<void> {
    const taken = this.taken;
    if (taken === this.saved) return;
    const scores = this.sample.subarray(0, taken);
    try {
      await this.file.write({ format: 1, signature: this.signature, scores: Buffer.from(scores.buffer, scores.byteOffset, scores.byteLength).toString('base64') });
      this.saved = taken;
    } catch (error) {
      this.logger.error({ err: (error as Error).message, file: this.file.file }, 'cannot save the anomaly calibration');
    }
  }

  private complete(): void {
    this.cutoffs = quantileCutoffs(this.sample, this.size, this.contamination);
  }
}
