/**
 * Builds the anomaly processor: its feature encoder, the current model and a candidate (online forests or
 * ONNX models read as forests), their roll-out and calibration. Loaded only when an anomaly processor is
 * configured (see index.ts), so agents without one never load the forest, ONNX and protobuf code.
 */
import path from 'node:path';
import type { ComponentContext } from '../../agent/kit.js';
import { candidateOf } from '../model-rollout/config.js';
import { fileIdentity, settingsIdentity } from '../model-rollout/model-identity.js';
import { ModelRollout, type RolloutModel } from '../model-rollout/model-rollout.js';
import { AnomalyProcessor, anomalyProfile, type AnomalyOutcome } from './anomaly-processor.js';
import { ScoreCalibration } from './calibration.js';
import { learnedContamination, type AnomalyConfig } from './config.js';
import { FeatureEncoder } from './features.js';
import { anomalyMetrics } from './metrics.js';
import { ForestTrainer } from './forest/trainer.js';
import { ModelStore } from './model-store.js';
import { OnlineForest } from './online-forest.js';
import { OnnxForest } from './onnx-forest.js';
import { onlineScorer, onnxScorer, type ModelScorer } from './scorers.js';

type ModelConfig = AnomalyConfig['model'];

interface BuiltModel {
  readonly scorer: ModelScorer;
  readonly model: RolloutModel;
}

export async function createAnomaly(config: AnomalyConfig, ctx: ComponentContext): Promise<AnomalyProcessor> {
  const encoder = new FeatureEncoder(config.features);
  const trainer = new ForestTrainer();
  const built: BuiltModel[] = [];
  const contamination = learnedContamination(config);
  if (contamination !== undefined && contamination * Math.min(config.warmup, config.window) < 1) {
    // The learned medium cut-off would be the highest score of the first model's training events.
    ctx.logger.warn({ warmup: config.warmup, contamination }, `anomaly: fewer than one of the first ${config.warmup} events is above the learned cut-off; raise warmup to ${Math.ceil(1 / contamination)} or more, or set severity`);
  }
  const build = async (model: ModelConfig, role: 'current' | 'candidate'): Promise<BuiltModel> => {
    const id = role === 'current' ? ctx.id : `${ctx.id}.candidate`;
    if (model.format === 'onnx') {
      const file = path.resolve(ctx.configDir, model.path);
      return { scorer: await onnxModel(file, id, role), model: { identity: await fileIdentity(file, 'onnx:') } };
    }
    const options = {
      trees: model.trees ?? config.trees,
      sampleSize: model.sample_size ?? config.sample_size,
      seed: model.seed ?? config.seed,
      warmup: config.warmup,
      refitEvery: config.refit_every,
      refitIntervalMs: config.refit_interval,
      window: config.window,
    };
    // The contamination only sets the cut-offs, which are saved with it: changing it keeps the model.
    const settings = { features: config.features, ...options };
    const store = new ModelStore(ctx.stateDir, id, settings, encoder.width);
    const forest = new OnlineForest(encoder.width, { ...options, contamination }, trainer, store, encoder, ctx.logger, role === 'current');
    await forest.restore();
    // An online model is what its settings make of the events: they are its identity; the stamp adds the fit.
    const identity = settingsIdentity('online', settings);
    return { scorer: onlineScorer(forest, encoder), model: { identity, stamp: () => `online:${forest.version}@${identity.hash}` } };
  };
  const onnxModel = async (file: string, id: string, role: 'current' | 'candidate') => {
    const model = await OnnxForest.load(file, encoder.width);
    if (model.unexplained === undefined) ctx.logger.info({ file, model: role, ...model.shape }, 'ONNX anomaly model read as an isolation forest: the agent scores and explains it');
    else ctx.logger.warn({ file, model: role, reason: model.unexplained }, 'ONNX anomaly model not understood: scored by onnxruntime, without anomaly.explanation');
    let calibration: ScoreCalibration | undefined;
    if (contamination !== undefined) {
      const schedule = { warmup: config.warmup, refitEvery: config.refit_every, window: config.window };
      calibration = new ScoreCalibration(ctx.stateDir, id, { model: model.digest, features: config.features }, schedule, contamination, ctx.logger);
      await calibration.restore();
    }
    return onnxScorer(model, encoder, calibration);
  };
  const candidate = candidateOf(config);
  try {
    const current = await build(config.model, 'current');
    built.push(current);
    const next = candidate === undefined ? undefined : await build(candidate.model, 'candidate');
    if (next !== undefined) built.push(next);
    const rollout = await ModelRollout.open<AnomalyOutcome>({
      processor: ctx.id,
      type: 'anomaly',
      namespace: 'anomaly',
      current: current.model,
      candidate: candidate === undefined || next === undefined ? undefined : { ...next.model, mode: candidate.mode, share: candidate.share, key: candidate.key },
      guard: config.guard,
      profile: anomalyProfile,
      stateDir: ctx.stateDir,
      logger: ctx.logger,
      metrics: ctx.metrics,
    });
    return new AnomalyProcessor(config, encoder, current.scorer, next?.scorer, rollout, anomalyMetrics(ctx.metrics, ctx.id), () => trainer.close());
  } catch (error) {
    await Promise.all(built.map((b) => b.scorer.close()));
    await trainer.close();
    throw error;
  }
}
