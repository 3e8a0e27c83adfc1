/** What runs now: the config it came from and the running components; a reload swaps parts of it. */
import type { LoadedConfig } from '../../config/loader.js';
import type { BuiltInput, BuiltOutput, BuiltProcessor } from './build.js';

/** An input that is reading: its own stop (a reload may stop it alone) and the end of its run. */
export interface RunningInput extends BuiltInput {
  readonly stop: AbortController;
  readonly done: Promise<void>;
}

export interface Topology {
  loaded: LoadedConfig;
  readonly inputs: Map<string, RunningInput>;
  processors: BuiltProcessor[];
  outputs: BuiltOutput[];
}
