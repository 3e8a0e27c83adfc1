/**
 * Builds the behaviour part of an http_threat processor: the project's online isolation forest (training in
 * its worker, saved in state_dir like the anomaly processor's, so a restart does not warm up again) over the
 * client-window features, and the windows that feed it.
 */
import type { ComponentContext } from '../../../agent/kit.js';
import { ForestTrainer } from '../../anomaly/forest/trainer.js';
import { ModelStore } from '../../anomaly/model-store.js';
import { OnlineForest } from '../../anomaly/online-forest.js';
import { BehaviourScorer } from './behaviour-scorer.js';
import type { BehaviourConfig } from './config.js';
import { featureNames } from './features.js';
import { behaviourMetrics } from './metrics.js';

/** The features are computed, not encoded from event fields: there is no encoder state to save. */
const NO_ENCODER = { snapshot: () => ({ counts: [] }), restore: () => undefined };

export async function createBehaviour(config: BehaviourConfig, ctx: ComponentContext): Promise<BehaviourScorer> {
  const names = featureNames(config.login.username_field !== undefined);
  const { forest: f } = config;
  const options = { trees: f.trees, sampleSize: f.sample_size, seed: f.seed, warmup: f.warmup, refitEvery: f.refit_every, refitIntervalMs: undefined, window: f.window };
  // What the saved forest depends on: the features and how windows are cut, and the forest settings.
  const settings = { behaviour: names, client_window: config.window, buckets: config.buckets, min_requests: config.min_requests, ...options };
  const store = new ModelStore(ctx.stateDir, `${ctx.id}.behaviour`, settings, names.length);
  const trainer = new ForestTrainer();
  const logger = ctx.logger.child({ part: 'behaviour' });
  const forest = new OnlineForest(names.length, { ...options, contamination: f.threshold === undefined ? f.contamination : undefined }, trainer, store, NO_ENCODER, logger);
  await forest.restore();
  const closing = {
    observeAndScore: forest.observeAndScore.bind(forest),
    get cutoffs() {
      return forest.cutoffs;
    },
    close: async () => {
      await forest.close();
      await trainer.close();
    },
  };
  const scorer = new BehaviourScorer(config, closing, behaviourMetrics(ctx.metrics, ctx.id));
  logger.info({ key: config.key, window_ms: config.window, max_clients: config.max_clients, window_bytes: scorer.windows.bytes, warmup: f.warmup }, 'http_threat behaviour windows ready; no verdicts before the forest’s first fit');
  return scorer;
}
