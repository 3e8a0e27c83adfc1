/** The model versions the running processors serve, for the agent's start and reload log lines. */
import type { ProcessorStage } from './processor-stage.js';

/** Processor id → the version it serves, with the candidate and its roll-out state when there is one. */
export function modelVersions(stages: readonly ProcessorStage[]): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const stage of stages) {
    const status = stage.models?.status();
    if (status === undefined) continue;
    versions[stage.id] = status.candidate === undefined ? status.serving : `${status.serving} (candidate ${status.candidate.version}: ${status.state})`;
  }
  return versions;
}
