import { existsSync } from 'node:fs';
import path from 'node:path';
import { defineProcessor, type CheckProblem } from '../../agent/kit.js';
import { anomalyConfig, type AnomalyConfig } from './config.js';

function checkModelFiles(config: AnomalyConfig, configDir: string): CheckProblem[] {
  const problems: CheckProblem[] = [];
  for (const [at, model] of [[['model'], config.model], [['canary', 'model'], config.canary?.model], [['shadow', 'model'], config.shadow?.model]] as const) {
    if (model?.format !== 'onnx') continue;
    const file = path.resolve(configDir, model.path);
    if (!existsSync(file)) problems.push({ path: [...at, 'path'], message: `ONNX model ${file} not found` });
  }
  return problems;
}

export const anomalyProcessor = defineProcessor({
  type: 'anomaly',
  summary: 'Scores events with an isolation forest (trained online, or an ONNX model from scikit-learn) and writes anomaly.*.',
  config: anomalyConfig,
  check: (config, ctx) => checkModelFiles(config, ctx.configDir),
  // Loaded on first use: the forest, ONNX and protobuf code stays out of agents that score no anomalies.
  create: async (config, ctx) => (await import('./create-anomaly.js')).createAnomaly(config, ctx),
});
