import type { LoadedConfig } from '../../config/loader.js';
import type { BuiltOutput } from './build.js';

/**
 * A small window keeps few events alive, which keeps garbage collection cheap (bench/RESULTS.md, file → file);
 * outputs that keep several requests in flight ask for more.
 */
const DEFAULT_WINDOW = 4;

/** Batches in flight between inputs and outputs: configured, or what the outputs need. */
export function windowFor(loaded: LoadedConfig, outputs: readonly BuiltOutput[]): number {
  return loaded.config.pipeline.max_in_flight_batches ?? Math.max(DEFAULT_WINDOW, ...outputs.map((o) => o.stage.preferredInFlightBatches ?? 0));
}

