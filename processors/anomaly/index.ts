import { existsSync } from 'node:fs';
import path from 'node:path';
import { defineProcessor, type CheckProblem, type ComponentContext } from '../../agent/kit.js';
import { AnomalyProcessor } from './anomaly-processor.js';
import { ScoreCalibration } from './calibration.js';
import { anomalyConfig, learnedContamination, type AnomalyConfig } from './config.js';
import { FeatureEncoder } from './features.js';
import { anomalyMetrics } from './metrics.js';
import { ForestTrainer } from './forest/trainer.js';
import { ModelStore } from './model-store.js';
import { OnlineForest } from './online-forest.js';
import { OnnxForest } from './onnx-forest.js';
import { onlineScorer, onnxScorer, type ModelScorer } from './scorers.js';

type ModelConfig = AnomalyConfig['model'];

async function createAnomaly(config: AnomalyConfig, ctx: ComponentContext): Promise<AnomalyProcessor> {
  const encoder = new FeatureEncoder(config.features);
  const trainer = new ForestTrainer();
  const scorers: ModelScorer[] = [];
  const contamination = learnedContamination(config);
  if (contamination !== undefined && contamination * Math.min(config.warmup, config.window) < 1) {
    // The learned medium cut-off would be the highest score of the first model's training events.
    ctx.logger.warn({ warmup: config.warmup, contamination }, `anomaly: fewer than one of the first ${config.warmup} events is above the learned cut-off; raise warmup to ${Math.ceil(1 / contamination)} or more, or set severity`);
  }
  const build = async (model: ModelConfig, role: 'primary' | 'shadow'): Promise<ModelScorer> => {
    const id = role === 'primary' ? ctx.id : `${ctx.id}.shadow`;
    if (model.format === 'onnx') return onnxModel(path.resolve(ctx.configDir, model.path), id, role);
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
    const store = new ModelStore(ctx.stateDir, id, { features: config.features, ...options }, encoder.width);
    const forest = new OnlineForest(encoder.width, { ...options, contamination }, trainer, store, encoder, ctx.logger, role === 'primary');
    await forest.restore();
    return onlineScorer(forest, encoder);
  };
  const onnxModel = async (file: string, id: string, role: 'primary' | 'shadow'): Promise<ModelScorer> => {
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
  try {
    scorers.push(await build(config.model, 'primary'));
    if (config.shadow) scorers.push(await build(config.shadow, 'shadow'));
  } catch (error) {
    await Promise.all(scorers.map((s) => s.close()));
    await trainer.close();
    throw error;
  }
  const [primary, shadow] = scorers as [ModelScorer, ModelScorer | undefined];
  return new AnomalyProcessor(config, encoder, primary, shadow, ctx.logger, anomalyMetrics(ctx.metrics, ctx.id), () => trainer.close());
}

function checkModelFiles(config: AnomalyConfig, configDir: string): CheckProblem[] {
  const problems: CheckProblem[] = [];
  for (const [key, model] of [['model', config.model], ['shadow', config.shadow]] as const) {
    if (model?.format !== 'onnx') continue;
    const file = path.resolve(configDir, model.path);
    if (!existsSync(file)) problems.push({ path: [key, 'path'], message: `ONNX model ${file} not found` });
  }
  return problems;
}

export const anomalyProcessor = defineProcessor({
  type: 'anomaly',
  summary: 'Scores events with an isolation forest (trained online, or an ONNX model from scikit-learn) and writes anomaly.*.',
  config: anomalyConfig,
  check: (config, ctx) => checkModelFiles(config, ctx.configDir),
  create: createAnomaly,
});
