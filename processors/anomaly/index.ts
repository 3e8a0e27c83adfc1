import { existsSync } from 'node:fs';
import path from 'node:path';
import { defineProcessor, type CheckProblem, type ComponentContext } from '../../agent/kit.js';
import { AnomalyProcessor } from './anomaly-processor.js';
import { anomalyConfig, type AnomalyConfig } from './config.js';
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
  const build = async (model: ModelConfig, role: 'primary' | 'shadow'): Promise<ModelScorer> => {
    if (model.format === 'onnx') return onnxScorer(await OnnxForest.load(path.resolve(ctx.configDir, model.path), encoder.width));
    const options = {
      trees: model.trees ?? config.trees,
      sampleSize: model.sample_size ?? config.sample_size,
      seed: model.seed ?? config.seed,
      warmup: config.warmup,
      refitEvery: config.refit_every,
      refitIntervalMs: config.refit_interval,
      window: config.window,
      contamination: config.contamination,
    };
    const store = new ModelStore(ctx.stateDir, role === 'primary' ? ctx.id : `${ctx.id}.shadow`, { features: config.features, ...options });
    const forest = new OnlineForest(encoder.width, options, trainer, store, encoder, ctx.logger, role === 'primary');
    await forest.restore();
    return onlineScorer(forest, encoder, () => forest.settled());
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
