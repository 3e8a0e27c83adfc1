/**
 * The online model, its encoders and its training window, saved in state_dir after each fit and when the
 * processor stops, and restored at start-up: a restart neither warms up again nor shortens the next
 * training set. The file is written atomically; a corrupt file is set aside and one from another
 * configuration (features or forest settings changed) is ignored: both are reported and the model is
 * trained again. The window is bounded: at most MAX_WINDOW_BYTES of its newest rows are kept.
 */
import path from 'node:path';
import { z } from 'zod';
import { JsonStateFile, SidecarError, safeFileName } from '../../agent/kit.js';
import { CUTOFFS_METHOD, type Cutoffs } from './cutoffs.js';
import type { EncoderState } from './features.js';
import type { ForestModel } from './forest/forest-model.js';
import { decodeFloat64, decodeInt32, encodeArray, settingsSignature } from './saved-arrays.js';

/** Format 1 had no window and always a model; format 2 may be saved during the warm-up, before the first fit. */
const FORMAT = 2;
/** 64 MiB of float64 rows: the default window (10,000 rows of 6 features) takes 480 KB. */
const MAX_WINDOW_BYTES = 64 * 1024 * 1024;

const cutoffsSchema = z.object({ medium: z.number(), high: z.number(), critical: z.number() });
const savedSchema = z.object({
  format: z.union([z.literal(1), z.literal(FORMAT)]),
  signature: z.string(),
  version: z.number().int(),
  seen: z.number().int(),
  cutoffs: cutoffsSchema.optional(),
  /** The contamination the cut-offs were learned with. */
  contamination: z.number().optional(),
  /** The estimator that learned them (cutoffs.ts); absent: the first one. */
  cutoffsMethod: z.number().int().optional(),
  model: z
    .object({
      features: z.number().int(),
      sampleSize: z.number().int(),
      roots: z.string(),
      feature: z.string(),
      threshold: z.string(),
      left: z.string(),
      right: z.string(),
      leafPath: z.string(),
    })
    .optional(),
  encoder: z.object({ counts: z.array(z.unknown().nullable()) }),
  window: z
    .object({
      /** Rows, oldest first, float64 row after row (base64). */
      rows: z.string(),
      /** Events since the last fit, and when it was (ms since the epoch): what the refit schedule counts. */
      sinceFit: z.number().int().min(0),
      lastFit: z.number(),
    })
    .optional(),
});

interface SavedWindow {
  rows: Float64Array;
  sinceFit: number;
  lastFit: number;
}

export interface SavedModel {
  version: number;
  seen: number;
  cutoffs: Cutoffs | undefined;
  contamination: number | undefined;
  /** Undefined while warming up. */
  model: ForestModel | undefined;
  encoder: EncoderState;
  window: SavedWindow | undefined;
}

type LoadResult = { kind: 'missing' } | { kind: 'ok'; saved: SavedModel } | { kind: 'unusable'; reason: string };

export class ModelStore {
  private readonly file: JsonStateFile<typeof savedSchema>;
  private readonly signature: string;
  /** Saves one at a time: a fit and a stop may both save. */
  private writing: Promise<void> = Promise.resolve();

  /**
   * `settings` is everything the model and its window depend on (features, forest options): a change
   * invalidates them. `width` is the number of features, to check the saved rows.
   */
  constructor(
    stateDir: string,
    id: string,
    settings: unknown,
    private readonly width: number,
    private readonly maxWindowBytes = MAX_WINDOW_BYTES,
  ) {
    this.file = new JsonStateFile(path.join(stateDir, 'anomaly', `${safeFileName(id)}.json`), savedSchema);
    this.signature = settingsSignature(settings);
  }

  get path(): string {
    return this.file.file;
  }

  async load(): Promise<LoadResult> {
    const read = await this.file.read();
    if (read.kind === 'missing') return read;
    if (read.kind === 'corrupt') return { kind: 'unusable', reason: `corrupt (${read.reason}); moved to ${read.movedTo}` };
    const saved = read.value;
    if (saved.signature !== this.signature) return { kind: 'unusable', reason: 'saved for other features or forest settings' };
    try {
      const m = saved.model;
      const model: ForestModel | undefined = m && {
        features: m.features,
        sampleSize: m.sampleSize,
        roots: decodeInt32(m.roots),
        feature: decodeInt32(m.feature),
        threshold: decodeFloat64(m.threshold),
        left: decodeInt32(m.left),
        right: decodeInt32(m.right),
        leafPath: decodeFloat64(m.leafPath),
      };
      if (model) checkModel(model);
      const window = saved.window && { rows: decodeFloat64(saved.window.rows), sinceFit: saved.window.sinceFit, lastFit: saved.window.lastFit };
      if (window && window.rows.length % this.width !== 0) throw new SidecarError('ANOMALY_MODEL_INVALID', `the window's ${window.rows.length} values are not rows of ${this.width} features`);
      return {
        kind: 'ok',
        // Cut-offs from another estimator are left out: the forest learns them again from the window.
        saved: { version: saved.version, seen: saved.seen, ...savedCutoffs(saved), model, encoder: saved.encoder as EncoderState, window },
      };
    } catch (error) {
      return { kind: 'unusable', reason: `inconsistent model (${(error as Error).message})` };
    }
  }

  save(saved: SavedModel): Promise<void> {
    const next = this.writing.then(() => this.write(saved));
    this.writing = next.catch(() => undefined);
    return next;
  }

  private async write(saved: SavedModel): Promise<void> {
    const m = saved.model;
    const rows = saved.window?.rows;
    await this.file.write({
      format: FORMAT,
      signature: this.signature,
      version: saved.version,
      seen: saved.seen,
      ...(saved.cutoffs === undefined ? {} : { cutoffs: saved.cutoffs, contamination: saved.contamination, cutoffsMethod: CUTOFFS_METHOD }),
      ...(m === undefined
        ? {}
        : {
            model: {
              features: m.features,
              sampleSize: m.sampleSize,
              roots: encodeArray(m.roots),
              feature: encodeArray(m.feature),
              threshold: encodeArray(m.threshold),
              left: encodeArray(m.left),
              right: encodeArray(m.right),
              leafPath: encodeArray(m.leafPath),
            },
          }),
      encoder: saved.encoder,
      // The newest rows within the bound: a window that large loses its oldest rows over a restart.
      ...(saved.window === undefined || rows === undefined
        ? {}
        : { window: { rows: encodeArray(rows.subarray(Math.max(0, rows.length - this.maxWindowRows() * this.width))), sinceFit: saved.window.sinceFit, lastFit: saved.window.lastFit } }),
    });
  }

  /** Rows of the window that fit in the bound. */
  private maxWindowRows(): number {
    return Math.floor(this.maxWindowBytes / (8 * this.width));
  }
}

/** Every node index in range and every split feature valid, so scoring cannot run off the arrays. */
function checkModel(model: ForestModel): void {
  const n = model.feature.length;
  if ([model.threshold, model.left, model.right, model.leafPath].some((a) => a.length !== n)) throw new SidecarError('ANOMALY_MODEL_INVALID', 'node arrays differ in length');
  for (const root of model.roots) if (root < 0 || root >= n) throw new SidecarError('ANOMALY_MODEL_INVALID', `root ${root} out of range`);
  for (let i = 0; i < n; i++) {
    const f = model.feature[i] as number;
    if (f < 0) continue;
    if (f >= model.features) throw new SidecarError('ANOMALY_MODEL_INVALID', `node ${i} splits on feature ${f} of ${model.features}`);
    const l = model.left[i] as number;
    const r = model.right[i] as number;
    if (l <= i || r <= i || l >= n || r >= n) throw new SidecarError('ANOMALY_MODEL_INVALID', `node ${i} has children out of range`);
  }
}

/** The saved cut-offs and their contamination, or none when another estimator learned them. */
function savedCutoffs(saved: z.output<typeof savedSchema>): Pick<SavedModel, 'cutoffs' | 'contamination'> {
  if ((saved.cutoffsMethod ?? 1) !== CUTOFFS_METHOD) return { cutoffs: undefined, contamination: undefined };
  return { cutoffs: saved.cutoffs, contamination: saved.contamination };
}
