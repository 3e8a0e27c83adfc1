/**
 * Scores with an isolation forest exported from scikit-learn by skl2onnx (`ai.onnx.ml` tree ensembles),
 * run by onnxruntime-node (native, off the event loop). The export must include the `score_samples`
 * output (skl2onnx option `{'score_samples': True}`); the score is its negative, the paper's s(x). The
 * model's input width is checked against the declared features at start-up.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { InferenceSession as Session } from 'onnxruntime-node';
import { SidecarError } from '../../agent/kit.js';

export class OnnxForest {
  private constructor(
    private readonly session: Session,
    private readonly input: string,
    private readonly width: number,
    readonly version: string,
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
      throw new SidecarError('ONNX_MODEL_INVALID', `${file} has no score_samples output (outputs: ${session.outputNames.join(', ')}): export it with skl2onnx options {'score_samples': True}`);
    }
    const input = session.inputNames[0] as string;
    const meta = session.inputMetadata.find((m) => m.name === input);
    const shape = meta && 'shape' in meta ? meta.shape : undefined;
    const declared = shape?.[1];
    if (typeof declared === 'number' && declared !== features) {
      throw new SidecarError('ONNX_MODEL_INVALID', `${file} expects ${declared} features per row, the config declares ${features}: list the features in the model's training order`);
    }
    const digest = createHash('sha256').update(bytes).digest('hex').slice(0, 8);
    return new OnnxForest(session, input, features, `onnx:${path.basename(file)}@${digest}`);
  }

  /** s(x) for `count` rows of `rows`. */
  async score(rows: Float64Array, count: number): Promise<Float64Array> {
    if (count === 0) return new Float64Array(0);
    const { Tensor } = await import('onnxruntime-node');
    const input = new Float32Array(rows.subarray(0, count * this.width));
    const result = await this.session.run({ [this.input]: new Tensor('float32', input, [count, this.width]) }, ['score_samples']);
    const samples = result.score_samples?.data as Float32Array;
    return Float64Array.from(samples, (v) => -v);
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
