/**
 * Builds the configured components through the registry. The only place that maps `type:` to code; an
 * error while building names the component's place in the YAML (`outputs[1] (file): ...`). A reload builds
 * single components with the same factory.
 */
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ComponentContext, Input, InputContext } from '../component.js';
import { errorMessage, SidecarError } from '../errors.js';
import type { ComponentRegistry } from '../registry.js';
import type { LoadedConfig } from '../../config/loader.js';
import type { AgentConfig, ComponentConfig } from '../../config/schema.js';
import { compileCondition, type Condition } from './condition.js';
import { DeadLetterFile } from './dead-letters.js';
import type { DeliveryMetrics } from './delivery-metrics.js';
import { OutputStage } from './output-stage.js';
import { ProcessorStage } from './processor-stage.js';
import type { ComponentStats } from './stats.js';

export interface BuiltInput {
  readonly id: string;
  /** The component's config as written, to tell on reload whether it changed. */
  readonly raw: ComponentConfig;
  readonly input: Input;
}

export interface BuiltProcessor {
  readonly raw: ComponentConfig;
  readonly stage: ProcessorStage;
  /** The definition's contentDigest when it was built (see ComponentDefinition), to tell on reload whether its files changed. */
  readonly digest?: string;
}

export interface BuiltOutput {
  readonly raw: ComponentConfig;
  readonly stage: OutputStage;
}

export interface FactoryOptions {
  readonly once: boolean;
  readonly logger: Logger;
  readonly stats: ComponentStats;
  readonly metrics: Registry;
  readonly delivery: DeliveryMetrics;
  readonly hardStop: AbortSignal;
}

/** Creates the state directory of a config, naming `state_dir` when that fails. */
export async function prepareStateDir(loaded: LoadedConfig): Promise<string> {
  const stateDir = path.resolve(loaded.dir, loaded.config.state_dir);
  await mkdir(stateDir, { recursive: true }).catch((error: unknown) => {
    throw new SidecarError('STATE_DIR', `state_dir ${stateDir}: ${errorMessage(error)}`, { cause: error });
  });
  return stateDir;
}

/** What the factory reads of a loaded config; `sidecar-ai test` builds processors from a test file's list. */
export interface FactoryConfig {
  readonly dir: string;
  readonly config: Pick<AgentConfig, 'inputs' | 'processors' | 'outputs' | 'host' | 'service'>;
}

export class ComponentFactory {
  constructor(
    private readonly loaded: FactoryConfig,
    private readonly registry: ComponentRegistry,
    readonly stateDir: string,
    private readonly options: FactoryOptions,
  ) {}

  get inputs(): ComponentConfig[] {
    return this.loaded.config.inputs as ComponentConfig[];
  }

  get processors(): ComponentConfig[] {
    return this.loaded.config.processors as ComponentConfig[];
  }

  get outputs(): ComponentConfig[] {
    return this.loaded.config.outputs as ComponentConfig[];
  }

  async input(index: number, raw: ComponentConfig): Promise<BuiltInput> {
    const { config } = this.loaded;
    const ctx: InputContext = {
      ...this.context('inputs', index, raw),
      once: this.options.once,
      stamp: { hostName: config.host?.name ?? os.hostname(), serviceName: config.service?.name },
    };
    const def = this.registry.inputs.get(raw.type);
    return { id: ctx.id, raw, input: await create(ctx.location, raw, () => def?.create(raw, ctx)) };
  }

  async processor(index: number, raw: ComponentConfig): Promise<BuiltProcessor> {
    const ctx = this.context('processors', index, raw);
    const def = this.registry.processors.get(raw.type);
    // Taken before building, so a file changed while the instance reads it shows as changed at the next reload.
    const digest = await def?.contentDigest?.(raw, { configDir: ctx.configDir });
    const processor = await create(ctx.location, raw, () => def?.create(raw, ctx));
    const when = raw.when === undefined ? undefined : compileCondition(raw.when as Condition);
    return { raw, stage: new ProcessorStage(ctx.id, `${ctx.location} (${raw.type})`, processor, when, ctx.logger), ...(digest === undefined ? {} : { digest }) };
  }

  async output(index: number, raw: ComponentConfig): Promise<BuiltOutput> {
    const ctx = this.context('outputs', index, raw);
    const def = this.registry.outputs.get(raw.type);
    const output = await create(ctx.location, raw, () => def?.create(raw, ctx));
    const { stats, delivery, hardStop } = this.options;
    return { raw, stage: new OutputStage(ctx.id, `${ctx.location} (${raw.type})`, output, ctx.deadLetters, stats, delivery, ctx.logger, hardStop) };
  }

  private context(kind: string, index: number, raw: ComponentConfig): ComponentContext {
    const location = `${kind}[${index}]`;
    const id = componentId(kind, index, raw);
    const logger = this.options.logger.child({ component: id, type: raw.type });
    return {
      id,
      location,
      stateDir: this.stateDir,
      configDir: this.loaded.dir,
      logger,
      deadLetters: new DeadLetterFile(this.stateDir, id, { stats: this.options.stats, logger, stop: this.options.hardStop }),
      metrics: this.options.metrics,
    };
  }
}

/** `id:` from the YAML, else the component's place (`inputs[0]`): checkpoints and metrics are keyed by it. */
export function componentId(kind: string, index: number, raw: ComponentConfig): string {
  return raw.id ?? `${kind}[${index}]`;
}

async function create<T>(location: string, raw: ComponentConfig, factory: () => T | Promise<T> | undefined): Promise<T> {
  try {
    const instance = await factory();
    if (instance === undefined) throw new SidecarError('UNKNOWN_COMPONENT_TYPE', `unknown type "${raw.type}"`);
    return instance;
  } catch (error) {
    if (error instanceof SidecarError && error.code === 'UNKNOWN_COMPONENT_TYPE') throw new SidecarError(error.code, `${location}: ${error.message}`);
    throw new SidecarError('COMPONENT_CREATE_FAILED', `${location} (${raw.type}): ${errorMessage(error)}`, { cause: error });
  }
}

/** Closes components in pipeline order; a failure is logged and the others are still closed. */
export async function closeAll(closers: readonly (() => Promise<void>)[], logger: Logger): Promise<void> {
  for (const close of closers) {
    try {
      await close();
    } catch (error) {
      logger.warn({ err: errorMessage(error) }, 'error while closing a component');
    }
  }
}
