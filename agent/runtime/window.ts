import type { LoadedConfig } from '../../config/loader.js';
import type { BuiltOutput } from './build.js';

/**
 * A small window keeps few events alive, which matters more than it seems: with 16 batches in flight
 * instead of 4, file → file spent so much longer in garbage collection that it ran 15–25 % slower with
 * twice the memory. Outputs that keep several requests in flight ask for more.
 */
const DEFAULT_WINDOW = 4;

/** Batches in flight between inputs and outputs: configured, or what the outputs need. */
export function windowFor(loaded: LoadedConfig, outputs: readonly BuiltOutput[]): number {
  return loaded.config.pipeline.max_in_flight_batches ?? Math.max(DEFAULT_WINDOW, ...outputs.map((o) => o.stage.preferredInFlightBatches ?? 0));
}

