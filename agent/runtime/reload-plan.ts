/**
 * What a reload changes, as a diff of the running config and the new one (as Vector's topology diff):
 * components are matched by id (`id:` or their place, `inputs[0]`) and compared by their validated config.
 * Unchanged ones keep running as they are; changed ones are rebuilt; settings read only at start make the
 * reload refuse, so a half-applied config never runs.
 */
import type { AgentConfig, ComponentConfig } from '../../config/schema.js';
import { componentId } from './build.js';

export interface ComponentChange {
  readonly index: number;
  readonly raw: ComponentConfig;
  readonly id: string;
  /** Whether the running instance with this id is kept as it is. */
  readonly keep: boolean;
}

export interface ReloadPlan {
  /** Settings that changed but take effect only at start; a non-empty list refuses the reload. */
  readonly needsRestart: string[];
  readonly inputs: ComponentChange[];
  /** Ids of running inputs to stop: removed or changed. */
  readonly stopInputs: string[];
  readonly processors: ComponentChange[];
  readonly outputs: ComponentChange[];
  /** Whether the processor or output chain (or pipeline settings) differ: the pipeline is rebuilt between batches. */
  readonly pipelineChanged: boolean;
  readonly unchanged: boolean;
}

export function planReload(running: AgentConfig, next: AgentConfig): ReloadPlan {
  const needsRestart: string[] = [];
  if (running.state_dir !== next.state_dir) needsRestart.push('state_dir');
  if (!same(running.telemetry, next.telemetry)) needsRestart.push('telemetry');
  if (!same(running.api, next.api)) needsRestart.push('api');
  // Every event an input builds carries host.name and service.name: inputs restart when they change.
  const stampChanged = !same(running.host, next.host) || !same(running.service, next.service);

  const inputs = changes('inputs', running.inputs as ComponentConfig[], next.inputs as ComponentConfig[], stampChanged);
  const nextInputIds = new Set(inputs.filter((c) => c.keep).map((c) => c.id));
  const stopInputs = (running.inputs as ComponentConfig[]).map((raw, i) => componentId('inputs', i, raw)).filter((id) => !nextInputIds.has(id));
  const processors = changes('processors', running.processors as ComponentConfig[], next.processors as ComponentConfig[], false);
  const outputs = changes('outputs', running.outputs as ComponentConfig[], next.outputs as ComponentConfig[], false);
  const pipelineChanged =
    !same(running.pipeline, next.pipeline) ||
    processors.length !== running.processors.length ||
    outputs.length !== running.outputs.length ||
    [...processors, ...outputs].some((c) => !c.keep);
  const unchanged =
    needsRestart.length === 0 && !pipelineChanged && stopInputs.length === 0 && inputs.every((c) => c.keep) && same(running.log, next.log) && same(running.reload, next.reload);
  return { needsRestart, inputs, stopInputs, processors, outputs, pipelineChanged, unchanged };
}

function changes(kind: string, before: readonly ComponentConfig[], after: readonly ComponentConfig[], rebuildAll: boolean): ComponentChange[] {
  const running = new Map(before.map((raw, i) => [componentId(kind, i, raw), raw]));
  return after.map((raw, index) => {
    const id = componentId(kind, index, raw);
    const old = running.get(id);
    return { index, raw, id, keep: !rebuildAll && old !== undefined && same(old, raw) };
  });
}

/**
 * The plan with the processors `ids` rebuilt though their config is the same: the files they read at build
 * changed (ComponentDefinition.contentDigest).
 */
export function rebuildProcessors(plan: ReloadPlan, ids: ReadonlySet<string>): ReloadPlan {
  if (ids.size === 0) return plan;
  const processors = plan.processors.map((c) => (c.keep && ids.has(c.id) ? { ...c, keep: false } : c));
  return { ...plan, processors, pipelineChanged: true, unchanged: false };
}

/** Deep equality of validated config values (plain data: objects, arrays, strings, numbers, booleans). */
export function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v,
  );
}
