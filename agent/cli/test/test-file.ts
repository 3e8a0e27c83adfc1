/**
 * Loads a pipeline test file: validates it against its schema (problems located by line and column, as in a
 * config) and resolves the processors it tests, from a config file it names or listed inline.
 */
import os from 'node:os';
import path from 'node:path';
import { loadConfigFile, parseYamlWith, readYamlFile } from '../../../config/loader.js';
import { buildPipelineTestFileSchema, type PipelineTest } from '../../../config/pipeline-test-schema.js';
import type { AgentConfig, ComponentConfig } from '../../../config/schema.js';
import type { EventStamp } from '../../component.js';
import type { ComponentRegistry } from '../../registry.js';

export interface LoadedTestFile {
  readonly file: string;
  /** Relative paths in the processors' config (model folders) are resolved against it. */
  readonly configDir: string;
  readonly processors: AgentConfig['processors'];
  readonly stamp: EventStamp;
  readonly tests: readonly PipelineTest[];
}

export async function loadTestFile(file: string, registry: ComponentRegistry, env: NodeJS.ProcessEnv = process.env): Promise<LoadedTestFile> {
  const schema = buildPipelineTestFileSchema(registry);
  const parsed = parseYamlWith(await readYamlFile(file), file, schema, env, (data) => [['processors', (data.processors ?? []) as ComponentConfig[], registry.processors]]);
  if (parsed.processors !== undefined) {
    return { file, configDir: path.dirname(path.resolve(file)), processors: parsed.processors, stamp: { hostName: os.hostname(), serviceName: undefined }, tests: parsed.tests };
  }
  // The schema allows exactly one of the two: here it is `config:`.
  const configFile = path.resolve(path.dirname(file), parsed.config as string);
  const loaded = await loadConfigFile(configFile, registry, env);
  const { config } = loaded;
  return { file, configDir: loaded.dir, processors: config.processors, stamp: { hostName: config.host?.name ?? os.hostname(), serviceName: config.service?.name }, tests: parsed.tests };
}
