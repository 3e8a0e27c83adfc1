/**
 * Applies a new config to a running agent (SIGHUP, or a watched change of the file). An invalid config is
 * logged with its lines and columns and the running one stays. A valid one is applied as a diff: new and
 * changed components are built first (a build failure changes nothing); then the intake pauses (inputs
 * wait, keeping their open files and positions), the pipeline drains, changed inputs stop and every
 * position is checkpointed; changed inputs restart from their checkpoints, processors and outputs are
 * swapped between batches, and the intake resumes. Nothing is lost; readiness stays up throughout. When the
 * pipeline does not drain within the shutdown grace period (an output is down), the reload is abandoned and
 * the running config kept, since replacing an output that still holds batches would fail them.
 */
import { watchFile, unwatchFile, type Stats } from 'node:fs';
import type { Logger } from 'pino';
import { ConfigError, formatProblem } from '../../config/errors.js';
import { loadConfigFile, type LoadedConfig } from '../../config/loader.js';
import { errorMessage } from '../errors.js';
import type { ComponentRegistry } from '../registry.js';
import { closeAll, type BuiltInput, type BuiltOutput, type BuiltProcessor, type ComponentFactory } from './build.js';
import type { Checkpointer } from './checkpointer.js';
import type { DeliveryMetrics, ReloadResult } from './delivery-metrics.js';
import type { Pipeline } from './pipeline.js';
import { modelVersions } from './model-versions.js';
import { planReload, rebuildProcessors, type ReloadPlan } from './reload-plan.js';
import type { RunningInput, Topology } from './topology.js';
import { withTimeout } from './waiting.js';
import { windowFor } from './window.js';

export interface ReloaderDeps {
  readonly topology: Topology;
  readonly pipeline: Pipeline;
  readonly checkpointer: Checkpointer;
  readonly registry: ComponentRegistry;
  readonly stateDir: string;
  readonly logger: Logger;
  readonly metrics: DeliveryMetrics;
  /** The agent is stopping: a reload waiting for the pipeline to drain gives up. */
  readonly stopping: AbortSignal;
  factory(next: LoadedConfig): ComponentFactory;
  startInput(built: BuiltInput): RunningInput;
  onApplied(next: LoadedConfig): void;
}

interface Rebuilt {
  readonly inputs: BuiltInput[];
  readonly processors: BuiltProcessor[];
  readonly outputs: BuiltOutput[];
}

export class ConfigReloader {
  private queue: Promise<unknown> = Promise.resolve();
  private watching: string | undefined;

  constructor(private readonly deps: ReloaderDeps) {}

  /** Reloads after any reload in progress (SIGHUPs in a row apply in order, never interleaved). */
  reload(): Promise<ReloadResult> {
    const result = this.queue.then(() => this.apply());
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Starts (or stops) polling the config file, as `reload.watch` of the running config says. */
  watch(): void {
    const { loaded } = this.deps.topology;
    const wanted = loaded.config.reload.watch ? loaded.file : undefined;
    if (this.watching !== undefined && this.watching !== wanted) {
      unwatchFile(this.watching);
      this.watching = undefined;
    }
    if (wanted === undefined || this.watching !== undefined) return;
    this.watching = wanted;
    // Polls the file's status (following symlinks), which also sees a Kubernetes ConfigMap swapping its target.
    watchFile(wanted, { interval: loaded.config.reload.watch_interval, persistent: false }, (current: Stats, previous: Stats) => {
      if (current.mtimeMs === previous.mtimeMs && current.size === previous.size && current.ino === previous.ino) return;
      this.deps.logger.info({ file: wanted }, 'config file changed; reloading');
      void this.reload();
    });
  }

  /** Stops watching and waits for a reload in progress (it gives up waiting for the drain when stopping). */
  async stop(): Promise<void> {
    if (this.watching !== undefined) unwatchFile(this.watching);
    this.watching = undefined;
    await this.queue;
  }

  private async apply(): Promise<ReloadResult> {
    const { topology, logger, metrics } = this.deps;
    if (this.deps.stopping.aborted) return 'failed';
    let next: LoadedConfig;
    try {
      next = await loadConfigFile(topology.loaded.file, this.deps.registry);
    } catch (error) {
      const problems = error instanceof ConfigError ? error.problems.map(formatProblem) : [errorMessage(error)];
      logger.error({ file: topology.loaded.file, problems }, `reload: the new config is invalid; the running config stays: ${problems.join('; ')}`);
      metrics.reload('invalid');
      return 'invalid';
    }
    // The same warnings as at start (a glob that matches nothing, a pattern that can backtrack for long).
    for (const warning of next.warnings) logger.warn({ file: topology.loaded.file }, `config: ${formatProblem(warning)}`);
    let plan = planReload(topology.loaded.config, next.config);
    try {
      plan = rebuildProcessors(plan, await this.changedFiles(next, plan));
    } catch (error) {
      logger.error({ err: errorMessage(error) }, 'reload: cannot read the files a processor was built from; the running config stays');
      metrics.reload('failed');
      return 'failed';
    }
    if (plan.needsRestart.length > 0) {
      logger.error({ settings: plan.needsRestart }, `reload: ${plan.needsRestart.join(', ')} changed, which takes effect only at start; restart the agent (the running config stays)`);
      metrics.reload('failed');
      return 'failed';
    }
    if (plan.unchanged) {
      logger.info('reload: config unchanged');
      metrics.reload('unchanged');
      return 'unchanged';
    }
    let rebuilt: Rebuilt;
    try {
      rebuilt = await this.buildChanged(next, plan);
    } catch (error) {
      logger.error({ err: errorMessage(error) }, 'reload: cannot build the new components; the running config stays');
      metrics.reload('failed');
      return 'failed';
    }
    const result = await this.swap(next, plan, rebuilt);
    metrics.reload(result);
    return result;
  }

  /** Ids of kept processors whose build-time files (contentDigest) differ from when they were built. */
  private async changedFiles(next: LoadedConfig, plan: ReloadPlan): Promise<Set<string>> {
    const running = new Map(this.deps.topology.processors.map((p) => [p.stage.id, p]));
    const changed = new Set<string>();
    for (const change of plan.processors) {
      const built = running.get(change.id);
      const def = this.deps.registry.processors.get(change.raw.type);
      if (!change.keep || built === undefined || def?.contentDigest === undefined) continue;
      if ((await def.contentDigest(change.raw, { configDir: next.dir })) !== built.digest) changed.add(change.id);
    }
    return changed;
  }

  /** Builds the new and changed components; on failure closes what it built and rethrows. */
  private async buildChanged(next: LoadedConfig, plan: ReloadPlan): Promise<Rebuilt> {
    const factory = this.deps.factory(next);
    const rebuilt: Rebuilt = { inputs: [], processors: [], outputs: [] };
    try {
      for (const change of plan.inputs) if (!change.keep) rebuilt.inputs.push(await factory.input(change.index, change.raw));
      for (const change of plan.processors) if (!change.keep) rebuilt.processors.push(await factory.processor(change.index, change.raw));
      for (const change of plan.outputs) if (!change.keep) rebuilt.outputs.push(await factory.output(change.index, change.raw));
    } catch (error) {
      await this.closeBuilt(rebuilt);
      throw error;
    }
    return rebuilt;
  }

  private async swap(next: LoadedConfig, plan: ReloadPlan, rebuilt: Rebuilt): Promise<ReloadResult> {
    const { topology, pipeline, checkpointer, logger } = this.deps;
    const grace = topology.loaded.config.pipeline.shutdown_timeout;
    pipeline.pause();
    if (!(await withTimeout(pipeline.drain(), grace, this.deps.stopping))) {
      pipeline.resume();
      await this.closeBuilt(rebuilt);
      logger.error(
        { in_flight_batches: pipeline.inFlight, grace_ms: grace },
        'reload abandoned: batches still undelivered after the grace period (is an output down?); the running config stays',
      );
      return 'failed';
    }
    // Changed and removed inputs stop here: their next batch fails at the closed intake, unacknowledged.
    const stopped = plan.stopInputs.map((id) => topology.inputs.get(id)).filter((i): i is RunningInput => i !== undefined);
    for (const running of stopped) running.stop.abort();
    await Promise.allSettled(stopped.map((i) => i.done));
    await checkpointer.fresh();
    for (const running of stopped) topology.inputs.delete(running.id);

    const keptProcessors = new Map(topology.processors.map((p) => [p.stage.id, p]));
    const keptOutputs = new Map(topology.outputs.map((o) => [o.stage.id, o]));
    const newProcessors = [...rebuilt.processors];
    const newOutputs = [...rebuilt.outputs];
    const processors = plan.processors.map((c) => (c.keep ? (keptProcessors.get(c.id) as BuiltProcessor) : (newProcessors.shift() as BuiltProcessor)));
    const outputs = plan.outputs.map((c) => (c.keep ? (keptOutputs.get(c.id) as BuiltOutput) : (newOutputs.shift() as BuiltOutput)));
    const retired = {
      processors: topology.processors.filter((p) => !processors.includes(p)),
      outputs: topology.outputs.filter((o) => !outputs.includes(o)),
    };
    pipeline.replace(
      processors.map((p) => p.stage),
      outputs.map((o) => o.stage),
      windowFor(next, outputs),
    );
    topology.processors = processors;
    topology.outputs = outputs;
    await closeAll(
      [...stopped.map((i) => () => i.input.close()), ...retired.processors.map((p) => () => p.stage.close()), ...retired.outputs.map((o) => () => o.stage.close())],
      logger,
    );
    topology.loaded = next;
    for (const built of rebuilt.inputs) topology.inputs.set(built.id, this.deps.startInput(built));
    this.deps.onApplied(next);
    this.watch();
    pipeline.resume();
    logger.info(
      {
        inputs_restarted: rebuilt.inputs.map((i) => i.id),
        inputs_removed: plan.stopInputs.filter((id) => !rebuilt.inputs.some((i) => i.id === id)),
        processors_rebuilt: rebuilt.processors.map((p) => p.stage.id),
        outputs_rebuilt: rebuilt.outputs.map((o) => o.stage.id),
        models_loaded: modelVersions(rebuilt.processors.map((p) => p.stage)),
      },
      'reload applied',
    );
    return 'applied';
  }

  private async closeBuilt(rebuilt: Rebuilt): Promise<void> {
    await closeAll(
      [...rebuilt.inputs.map((i) => () => i.input.close()), ...rebuilt.processors.map((p) => () => p.stage.close()), ...rebuilt.outputs.map((o) => () => o.stage.close())],
      this.deps.logger,
    );
  }
}
