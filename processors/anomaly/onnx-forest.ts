/**
 * An isolation forest exported from scikit-learn by skl2onnx (`ai.onnx.ml` tree ensembles). The export must
 * include the `score_samples` output (skl2onnx option `{'score_samples': True}`); the score is its
 * negative, the paper's s(x). The model's input width is checked against the declared features at
 * start-up.
 *
 * The graph is read into the agent's own forest (forest/onnx/read-forest.ts), which then scores and
 * explains the events like the online forest does; before it is used, its scores are checked against
 * onnxruntime on probe rows. A graph the reader does not understand (another export, preprocessing in the
 * graph) is scored by onnxruntime-node instead, without explanations; `unexplained` says why.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { InferenceSession as Session } from 'onnxruntime-node';
import { SidecarError } from '../../agent/kit.js';
import { scoreAndExplainBatch, type FeatureCredit } from './forest/explanations.js';
import type { ForestModel } from './forest/forest-model.js';
import { NotUnderstood } from './forest/onnx/evaluate.js';
import { readOnnxGraph } from './forest/onnx/graph.js';
import { probeRows } from './forest/onnx/probe-rows.js';
import { readOnnxForest } from './forest/onnx/read-forest.js';
import { scoreBatch } from './forest/scoring.js';

/** How far the forest read from the graph may score from onnxruntime (float32 arithmetic there). */
const TOLERANCE = 1e-5;
const PROBES = 512;

type Scorer = { kind: 'forest'; model: ForestModel; trees: number; sampleSize: number } | { kind: 'onnxruntime'; session: Session; input: string; reason: string };

export class OnnxForest {
  private constructor(
    private readonly scorer: Scorer,
    private readonly width: number,
    readonly version: string,
    /** sha256 of the file, for state that belongs to this model (calibration). */
    readonly digest: string,
  ) {}

  static async load(file: string, features: number): Promise<OnnxForest> {
    const { InferenceSession } = await import('onnxruntime-node');
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      throw new SidecarError('ONNX_MODEL_INVALID', `cannot read ONNX model ${file}: ${(error as Error).message}`, { cause: error });
    }
    let session: Session;
    try {
      session = await InferenceSession.create(bytes);
    } catch (error) {
      throw new SidecarError('ONNX_MODEL_INVALID', `${file} is not a model onnxruntime can load: ${(error as Error).message}`, { cause: error });
    }
    if (!session.outputNames.includes('score_samples')) {
      await session.release();
      throw new SidecarError('ONNX_MODEL_INVALID', `${file} has no score_samples output (outputs: ${session.outputNames.join(', ')}): export it with skl2onnx options {'score_samples': True}`);
    }
    const input = session.inputNames[0] as string;
    const meta = session.inputMetadata.find((m) => m.name === input);
    const shape = meta && 'shape' in meta ? meta.shape : undefined;
    const declared = shape?.[1];
    if (typeof declared === 'number' && declared !== features) {
      await session.release();
      throw new SidecarError('ONNX_MODEL_INVALID', `${file} expects ${declared} features per row, the config declares ${features}: list the features in the model's training order`);
    }
    const digest = createHash('sha256').update(bytes).digest('hex');
    const scorer = await readForest(bytes, features, session, input);
    // The forest scores from here on: onnxruntime's copy of the model is no longer needed.
    if (scorer.kind === 'forest') await session.release();
    return new OnnxForest(scorer, features, `onnx:${path.basename(file)}@${digest.slice(0, 8)}`, digest);
  }

  /** Why the model is scored by onnxruntime without explanations; undefined when the agent reads it. */
  get unexplained(): string | undefined {
    return this.scorer.kind === 'onnxruntime' ? this.scorer.reason : undefined;
  }

  /** What the reader found in the graph, for the start-up log; undefined when it was not understood. */
  get shape(): { trees: number; sampleSize: number } | undefined {
    return this.scorer.kind === 'forest' ? { trees: this.scorer.trees, sampleSize: this.scorer.sampleSize } : undefined;
  }

  /** s(x) for `count` rows of `rows`, and with `explain` > 0 the features that isolated each row (none when unexplained). */
  async score(rows: Float64Array, count: number, explain = 0): Promise<{ scores: Float64Array; explanations: FeatureCredit[][] }> {
    const scores = new Float64Array(count);
    if (count === 0) return { scores, explanations: [] };
    const scorer = this.scorer;
    if (scorer.kind === 'onnxruntime') {
      scores.set(await runSession(scorer.session, scorer.input, rows, count, this.width));
      return { scores, explanations: [] };
    }
    if (explain > 0) return { scores, explanations: scoreAndExplainBatch(scorer.model, rows, count, scores, explain) };
    scoreBatch(scorer.model, rows, count, scores);
    return { scores, explanations: [] };
  }

  async close(): Promise<void> {
    if (this.scorer.kind === 'onnxruntime') await this.scorer.session.release();
  }
}

/** The forest read from the graph if it scores like onnxruntime on probe rows; else onnxruntime, with the reason. */
async function readForest(bytes: Buffer, width: number, session: Session, input: string): Promise<Scorer> {
  let read: ReturnType<typeof readOnnxForest>;
  try {
    read = readOnnxForest(readOnnxGraph(bytes), width);
  } catch (error) {
    const reason = error instanceof NotUnderstood ? error.message : `cannot read the graph (${(error as Error).message})`;
    return { kind: 'onnxruntime', session, input, reason };
  }
  const rows = probeRows(read.model, PROBES);
  const ours = new Float64Array(PROBES);
  scoreBatch(read.model, rows, PROBES, ours);
  const theirs = await runSession(session, input, rows, PROBES, width);
  let worst = 0;
  for (let i = 0; i < PROBES; i++) worst = Math.max(worst, Math.abs((ours[i] as number) - (theirs[i] as number)));
  if (!(worst <= TOLERANCE)) return { kind: 'onnxruntime', session, input, reason: `the forest read from the graph scores up to ${worst} away from onnxruntime` };
  return { kind: 'forest', ...read };
}

async function runSession(session: Session, input: string, rows: Float64Array, count: number, width: number): Promise<Float64Array> {
  const { Tensor } = await import('onnxruntime-node');
  const values = new Float32Array(rows.subarray(0, count * width));
  const result = await session.run({ [input]: new Tensor('float32', values, [count, width]) }, ['score_samples']);
  const samples = result.score_samples?.data as Float32Array;
  return Float64Array.from(samples, (v) => -v);
}
