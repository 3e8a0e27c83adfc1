/**
 * The agent's lifecycle: build components, start reading, checkpoint delivered positions on a timer, reload
 * the config on request, and stop cleanly: stop reading, drain in-flight batches within the grace period,
 * flush outputs, persist checkpoints. An input that fails stops the agent the same way (exit 1), so nothing
 * keeps running half-dead and nothing is dead-lettered that no output refused. In once mode reading stops by
 * itself when every input reached its current end.
 */
import type { Logger } from 'pino';
import type { LoadedConfig } from '../../config/loader.js';
import { errorMessage, SidecarError } from '../errors.js';
import type { ComponentRegistry } from '../registry.js';
import { createMetrics } from '../telemetry/metrics.js';
import { TelemetryServer } from '../telemetry/server.js';
import { closeAll, ComponentFactory, prepareStateDir, type BuiltInput, type BuiltOutput, type BuiltProcessor } from './build.js';
import type { ApiServer } from '../api/server.js';
import { heapLimits } from './heap-limits.js';
import { Checkpointer } from './checkpointer.js';
import { deliveryMetrics, type DeliveryMetrics, type ReloadResult } from './delivery-metrics.js';
import { Pipeline } from './pipeline.js';
import { modelVersions } from './model-versions.js';
import { ConfigReloader } from './reloader.js';
import { ComponentStats, type RunSummary } from './stats.js';
import type { RunningInput, Topology } from './topology.js';
import { whenAborted, withTimeout } from './waiting.js';
import { windowFor } from './window.js';

export interface AgentOptions {
  readonly once: boolean;
  readonly logger: Logger;
  /** Aborted on SIGTERM/SIGINT: stop reading and shut down gracefully. */
  readonly stop?: AbortSignal;
  /** The package version, for the API's OpenAPI document. */
  readonly version?: string;
}

export interface AgentResult {
  readonly summary: RunSummary;
  /** False when the grace period ran out with batches still undelivered (they are re-read on restart). */
  readonly drained: boolean;
  /** Set when an input failed and stopped the agent. */
  readonly failure?: string;
  readonly stateDir: string;
}

export class Agent {
  private readonly stats = new ComponentStats();
  private readonly registryMetrics = createMetrics(this.stats);
  private readonly telemetry = new TelemetryServer(this.registryMetrics);
  private readonly hardStop = new AbortController();
  /** Aborted to end the run: the caller's stop, a failed input, or every input finished (once). */
  private readonly ending = new AbortController();
  private readonly delivery: DeliveryMetrics;
  private pipeline: Pipeline | undefined;
  private topology: Topology | undefined;
  private reloader: ConfigReloader | undefined;
  private failure: string | undefined;

  constructor(
    private readonly initial: LoadedConfig,
    private readonly registry: ComponentRegistry,
    private readonly options: AgentOptions,
  ) {
    this.delivery = deliveryMetrics(this.registryMetrics, () => this.pipeline?.oldestUnacknowledgedMs());
  }

  /** Re-reads the config file and applies what changed; the running config stays when the new one is invalid. */
  reload(): Promise<ReloadResult> {
    if (this.reloader === undefined) {
      this.options.logger.warn('reload requested before the agent started (or after it stopped); ignored');
      return Promise.resolve('failed');
    }
    return this.reloader.reload();
  }

  async run(): Promise<AgentResult> {
    const { logger } = this.options;
    const loaded = this.initial;
    const settings = () => (this.topology?.loaded ?? loaded).config;
    const listen = loaded.config.telemetry.listen;
    if (listen !== undefined) {
      const bound = await this.telemetry.listen(listen).catch((error: unknown) => {
        throw new SidecarError('TELEMETRY_LISTEN', `telemetry.listen ${listen}: ${errorMessage(error)}`, { cause: error });
      });
      logger.info({ address: bound.address, port: bound.port }, 'telemetry endpoints listening (/metrics, /health, /ready)');
    }
    let stateDir: string;
    let topology: Topology;
    // The API listens while the models load, answering 503 until the processors are built.
    let api: ApiServer | undefined;
    try {
      api = await this.startApi(loaded);
      stateDir = await prepareStateDir(loaded);
      topology = await this.build(loaded, stateDir);
    } catch (error) {
      await api?.close();
      await this.telemetry.close();
      throw error;
    }
    const pipeline = new Pipeline(
      topology.processors.map((p) => p.stage),
      topology.outputs.map((o) => o.stage),
      windowFor(loaded, topology.outputs),
      this.stats,
      this.delivery,
      logger,
    );
    this.pipeline = pipeline;
    const checkpointer = new Checkpointer(
      () => [...topology.inputs.values()].map((i) => i.input),
      () => pipeline.flushOutputs(),
      logger,
    );
    let timer = setInterval(() => void checkpointer.run(), loaded.config.pipeline.checkpoint_interval);
    const onStop = () => this.ending.abort();
    this.options.stop?.addEventListener('abort', onStop, { once: true });
    if (this.options.stop?.aborted) this.ending.abort();

    let drained = false;
    try {
      api?.open();
      logger.info({ inputs: topology.inputs.size, processors: topology.processors.length, outputs: topology.outputs.length, once: this.options.once, models: modelVersions(topology.processors.map((p) => p.stage)), heap: heapLimits() }, 'agent started');
      this.telemetry.notReadyBecause = () => stuckReason(pipeline, settings().telemetry.readiness_max_batch_age);
      this.telemetry.ready = true;
      this.reloader = new ConfigReloader({
        topology,
        pipeline,
        checkpointer,
        registry: this.registry,
        stateDir,
        logger,
        metrics: this.delivery,
        stopping: this.ending.signal,
        factory: (next) => this.factory(next, stateDir),
        startInput: (built) => this.startInput(built, pipeline),
        onApplied: (next) => {
          clearInterval(timer);
          timer = setInterval(() => void checkpointer.run(), next.config.pipeline.checkpoint_interval);
          logger.level = process.env.SIDECAR_LOG_LEVEL ?? next.config.log.level;
        },
      });
      if (!this.options.once) this.reloader.watch();
      for (const built of topology.inputs.values()) topology.inputs.set(built.id, this.startInput(built, pipeline));
      if (this.options.once) void this.endWhenInputsFinish(topology);
      await whenAborted(this.ending.signal);
      api?.beginStopping();
      await this.reloader.stop();
      for (const running of topology.inputs.values()) running.stop.abort();
      await Promise.allSettled([...topology.inputs.values()].map((i) => i.done));
      drained = await withTimeout(pipeline.drain(), settings().pipeline.shutdown_timeout);
      if (!drained) {
        logger.error({ in_flight_batches: pipeline.inFlight, grace_ms: settings().pipeline.shutdown_timeout }, 'grace period over with undelivered batches; they will be read again after restart');
        this.hardStop.abort();
      }
    } finally {
      this.telemetry.ready = false;
      clearInterval(timer);
      this.options.stop?.removeEventListener('abort', onStop);
      await checkpointer.fresh();
      await api?.close().catch((error: unknown) => logger.warn({ err: errorMessage(error) }, 'error while closing the api'));
      await closeAll(
        [
          ...[...topology.inputs.values()].map((i) => () => i.input.close()),
          ...topology.processors.map((p) => () => p.stage.close()),
          ...topology.outputs.map((o) => () => o.stage.close()),
        ],
        logger,
      );
      await this.telemetry.close();
    }
    const summary = this.stats.summary();
    // CPU seconds since the process started (all threads), for sizing the sidecar's CPU request.
    const cpu = process.cpuUsage();
    logger.info({ summary, drained, cpu_seconds: { user: cpu.user / 1e6, system: cpu.system / 1e6 } }, 'agent stopped');
    return { summary, drained, stateDir, ...(this.failure === undefined ? {} : { failure: this.failure }) };
  }

  /** Starts the local API when configured; it answers 503 until `open()`. */
  private async startApi(loaded: LoadedConfig): Promise<ApiServer | undefined> {
    const config = loaded.config.api;
    if (config === undefined) return undefined;
    // fastify and the API's schemas cost about 25 MiB of resident memory: loaded only when the API is on.
    const { ApiServer } = await import('../api/server.js');
    const api = new ApiServer(config, {
      config,
      configDir: loaded.dir,
      logger: this.options.logger,
      metrics: this.registryMetrics,
      version: this.options.version ?? '0.0.0',
      processors: () => this.topology?.processors.map((p) => p.stage) ?? [],
      deliver: (events) => {
        if (this.pipeline === undefined) return Promise.reject(new Error('the pipeline is not running'));
        return this.pipeline.deliver('api', events, this.ending.signal);
      },
    });
    this.options.logger.info({ address: await api.listen() }, 'api listening');
    return api;
  }

  private factory(loaded: LoadedConfig, stateDir: string): ComponentFactory {
    const { once, logger } = this.options;
    return new ComponentFactory(loaded, this.registry, stateDir, { once, logger, stats: this.stats, metrics: this.registryMetrics, delivery: this.delivery, hardStop: this.hardStop.signal });
  }

  private async build(loaded: LoadedConfig, stateDir: string): Promise<Topology> {
    const factory = this.factory(loaded, stateDir);
    const inputs: BuiltInput[] = [];
    const processors: BuiltProcessor[] = [];
    const outputs: BuiltOutput[] = [];
    try {
      for (const [i, raw] of factory.inputs.entries()) inputs.push(await factory.input(i, raw));
      for (const [i, raw] of factory.processors.entries()) processors.push(await factory.processor(i, raw));
      for (const [i, raw] of factory.outputs.entries()) outputs.push(await factory.output(i, raw));
    } catch (error) {
      await closeAll([...inputs.map((i) => () => i.input.close()), ...processors.map((p) => () => p.stage.close()), ...outputs.map((o) => () => o.stage.close())], this.options.logger);
      throw error;
    }
    // Not started yet: `run` replaces each with its running form.
    const pending = new Map(inputs.map((built) => [built.id, built as RunningInput]));
    this.topology = { loaded, inputs: pending, processors, outputs };
    return this.topology;
  }

  /** Starts reading; an input whose run fails stops the whole agent gracefully (exit 1). */
  private startInput(built: BuiltInput, pipeline: Pipeline): RunningInput {
    const stop = new AbortController();
    const onEnding = () => stop.abort();
    this.ending.signal.addEventListener('abort', onEnding, { once: true });
    const done = built.input.run(pipeline.sinkFor(built.id, stop.signal), stop.signal).then(
      () => undefined,
      (error: unknown) => {
        if (stop.signal.aborted) {
          this.options.logger.warn({ input: built.id, err: errorMessage(error) }, 'input ended with an error while stopping');
          return;
        }
        this.failure ??= `input ${built.id}: ${errorMessage(error)}`;
        this.options.logger.error({ input: built.id, err: errorMessage(error) }, 'input failed; stopping the agent: draining what was read, then exiting');
        this.ending.abort();
      },
    );
    void done.finally(() => this.ending.signal.removeEventListener('abort', onEnding));
    return { ...built, stop, done };
  }

  private async endWhenInputsFinish(topology: Topology): Promise<void> {
    await Promise.allSettled([...topology.inputs.values()].map((i) => i.done));
    this.ending.abort();
  }
}

/** Compatibility entry point: build, run until stopped, return the summary. */
export function runAgent(loaded: LoadedConfig, registry: ComponentRegistry, options: AgentOptions): Promise<AgentResult> {
  return new Agent(loaded, registry, options).run();
}

/** The reason /ready answers 503: the oldest unacknowledged batch is older than the configured bound. */
function stuckReason(pipeline: Pipeline, maxAgeMs: number | undefined): string | undefined {
  if (maxAgeMs === undefined) return undefined;
  const age = pipeline.oldestUnacknowledgedMs();
  return age !== undefined && age > maxAgeMs ? `oldest unacknowledged batch is ${Math.round(age / 1000)} s old (limit ${Math.round(maxAgeMs / 1000)} s)` : undefined;
}
