/**
 * The online model and its encoders, saved in state_dir after each fit and restored at start-up, so a
 * restart does not warm up again. The file is written atomically; a corrupt file is set aside and one
 * from another configuration (features or forest settings changed) is ignored: both are reported and the
 * model is trained again.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { JsonStateFile, SidecarError, safeFileName } from '../../agent/kit.js';
import type { EncoderState } from './features.js';
import type { ForestModel } from './forest/forest-model.js';
import type { Cutoffs } from './online-forest.js';

const FORMAT = 1;

const savedSchema = z.object({
  format: z.literal(FORMAT),
  signature: z.string(),
  version: z.number().int(),
  seen: z.number().int(),
  cutoffs: z.object({ medium: z.number(), high: z.number(), critical: z.number() }).optional(),
  model: z.object({
    features: z.number().int(),
    sampleSize: z.number().int(),
    roots: z.string(),
    feature: z.string(),
    threshold: z.string(),
    left: z.string(),
    right: z.string(),
    leafPath: z.string(),
  }),
  encoder: z.object({ counts: z.array(z.unknown().nullable()) }),
});

interface SavedModel {
  version: number;
  seen: number;
  cutoffs: Cutoffs | undefined;
  model: ForestModel;
  encoder: EncoderState;
}

type LoadResult = { kind: 'missing' } | { kind: 'ok'; saved: SavedModel } | { kind: 'unusable'; reason: string };

const encode = (array: Int32Array | Float64Array): string => Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
const int32 = (text: string): Int32Array => {
  const bytes = Buffer.from(text, 'base64');
  return new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};
const float64 = (text: string): Float64Array => {
  const bytes = Buffer.from(text, 'base64');
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};

export class ModelStore {
  private readonly file: JsonStateFile<typeof savedSchema>;

  /** `settings` is everything the model depends on (features, forest options): a change invalidates it. */
  constructor(stateDir: string, id: string, settings: unknown) {
    this.file = new JsonStateFile(path.join(stateDir, 'anomaly', `${safeFileName(id)}.json`), savedSchema);
    this.signature = createHash('sha256').update(JSON.stringify(settings)).digest('hex');
  }

  private readonly signature: string;

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
      const model: ForestModel = {
        features: m.features,
        sampleSize: m.sampleSize,
        roots: int32(m.roots),
        feature: int32(m.feature),
        threshold: float64(m.threshold),
        left: int32(m.left),
        right: int32(m.right),
        leafPath: float64(m.leafPath),
      };
      checkModel(model);
      return { kind: 'ok', saved: { version: saved.version, seen: saved.seen, cutoffs: saved.cutoffs, model, encoder: saved.encoder as EncoderState } };
    } catch (error) {
      return { kind: 'unusable', reason: `inconsistent model (${(error as Error).message})` };
    }
  }

  async save(saved: SavedModel): Promise<void> {
    const m = saved.model;
    await this.file.write({
      format: FORMAT,
      signature: this.signature,
      version: saved.version,
      seen: saved.seen,
      ...(saved.cutoffs === undefined ? {} : { cutoffs: saved.cutoffs }),
      model: {
        features: m.features,
        sampleSize: m.sampleSize,
        roots: encode(m.roots),
        feature: encode(m.feature),
        threshold: encode(m.threshold),
        left: encode(m.left),
        right: encode(m.right),
        leafPath: encode(m.leafPath),
      },
      encoder: saved.encoder,
    });
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
