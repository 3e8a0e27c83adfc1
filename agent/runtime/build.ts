/**
 * Builds the configured components through the registry. The only place that maps `type:` to code; an
 * error while building names the component's place in the YAML (`outputs[1] (file): ...`).
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
import type { ComponentConfig } from '../../config/schema.js';
import { compileCondition, type Condition } from './condition.js';
import { DeadLetterFile } from './dead-letter.js';
import { OutputStage } from './output-stage.js';
import { ProcessorStage } from './processor-stage.js';
import type { ComponentStats } from './stats.js';

export interface BuiltInput {
  readonly id: string;
  readonly input: Input;
}

export interface BuiltComponents {
  readonly stateDir: string;
  readonly inputs: BuiltInput[];
  readonly processors: ProcessorStage[];
  readonly outputs: OutputStage[];
}

export async function buildComponents(
  loaded: LoadedConfig,
  registry: ComponentRegistry,
  options: { once: boolean; logger: Logger; stats: ComponentStats; metrics: Registry; hardStop: AbortSignal },
): Promise<BuiltComponents> {
  const { config } = loaded;
  const stateDir = path.resolve(loaded.dir, config.state_dir);
  await mkdir(stateDir, { recursive: true }).catch((error: unknown) => {
    throw new SidecarError('STATE_DIR', `state_dir ${stateDir}: ${errorMessage(error)}`, { cause: error });
  });
  const base = (kind: string, index: number, raw: ComponentConfig): ComponentContext => {
    const location = `${kind}[${index}]`;
    const id = raw.id ?? location;
    return {
      id,
      location,
      stateDir,
      configDir: loaded.dir,
      logger: options.logger.child({ component: id, type: raw.type }),
      countDeadLettered: (events: number) => options.stats.add(options.stats.deadLettered, id, events),
      metrics: options.metrics,
    };
  };
  const built: BuiltComponents = { stateDir, inputs: [], processors: [], outputs: [] };
  try {
    for (const [index, raw] of (config.inputs as ComponentConfig[]).entries()) {
      const ctx: InputContext = {
        ...base('inputs', index, raw),
        once: options.once,
        stamp: { hostName: config.host?.name ?? os.hostname(), serviceName: config.service?.name },
      };
      const def = registry.inputs.get(raw.type);
      built.inputs.push({ id: ctx.id, input: await create(ctx.location, raw, () => def?.create(raw, ctx)) });
    }
    for (const [index, raw] of (config.processors as ComponentConfig[]).entries()) {
      const ctx = base('processors', index, raw);
      const def = registry.processors.get(raw.type);
      const processor = await create(ctx.location, raw, () => def?.create(raw, ctx));
      const when = raw.when === undefined ? undefined : compileCondition(raw.when as Condition);
      built.processors.push(new ProcessorStage(ctx.id, `${ctx.location} (${raw.type})`, processor, when, ctx.logger));
    }
    for (const [index, raw] of (config.outputs as ComponentConfig[]).entries()) {
      const ctx = base('outputs', index, raw);
      const def = registry.outputs.get(raw.type);
      const output = await create(ctx.location, raw, () => def?.create(raw, ctx));
      const deadLetter = new DeadLetterFile(stateDir, ctx.id);
      built.outputs.push(new OutputStage(ctx.id, `${ctx.location} (${raw.type})`, output, deadLetter, options.stats, ctx.logger, options.hardStop));
    }
  } catch (error) {
    await closeComponents(built, options.logger);
    throw error;
  }
  return built;
}

async function create<T>(location: string, raw: ComponentConfig, factory: () => T | Promise<T> | undefined): Promise<T> {
  try {
    const instance = await factory();
    if (instance === undefined) throw new Error(`unknown type "${raw.type}"`);
    return instance;
  } catch (error) {
    throw new SidecarError('COMPONENT_CREATE_FAILED', `${location} (${raw.type}): ${errorMessage(error)}`, { cause: error });
  }
}

export async function closeComponents(built: BuiltComponents, logger: Logger): Promise<void> {
  const closers = [
    ...built.inputs.map((i) => () => i.input.close()),
    ...built.processors.map((p) => () => p.close()),
    ...built.outputs.map((o) => () => o.close()),
  ];
  for (const close of closers) {
    try {
      await close();
    } catch (error) {
      logger.warn({ err: errorMessage(error) }, 'error while closing a component');
    }
  }
}
