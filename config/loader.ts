/**
 * Reads a YAML config file, interpolates environment variables, validates it against the schema composed
 * from the registry and reports every problem with its YAML path, line and column.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { ComponentSchema, ComponentSchemas } from './component-schemas.js';
import { conditionPatterns, type Condition } from './condition.js';
import { interpolateEnv } from './env.js';
import { ConfigError, DocumentLocator, problemsFromIssues, type ConfigProblem } from './errors.js';
import { patternWarnings } from './regex-risk.js';
import { buildConfigSchema, type AgentConfig, type ComponentConfig } from './schema.js';

export interface LoadedConfig {
  readonly file: string;
  /** Directory of the config file: relative paths in the config are resolved against it. */
  readonly dir: string;
  readonly config: AgentConfig;
  /** Problems that do not make the config invalid (an input whose globs match nothing yet, a pattern that can backtrack for long). */
  readonly warnings: ConfigProblem[];
}

export interface LoadOptions {
  /** Run the components' checks of the machine (model folders present); off for tools that provision them. */
  readonly checkMachine?: boolean;
}

export async function loadConfigFile(file: string, registry: ComponentSchemas, env: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): Promise<LoadedConfig> {
  const { config, warnings } = parseConfig(await readYamlFile(file), file, registry, env, options);
  return { file, dir: path.dirname(path.resolve(file)), config, warnings };
}

export function parseConfigText(text: string, file: string, registry: ComponentSchemas, env: NodeJS.ProcessEnv, options: LoadOptions = {}): AgentConfig {
  return parseConfig(text, file, registry, env, options).config;
}

/** Parses and validates; throws ConfigError with every problem, or returns the config and its warnings. */
export function parseConfig(
  text: string,
  file: string,
  registry: ComponentSchemas,
  env: NodeJS.ProcessEnv,
  options: LoadOptions = {},
): { config: AgentConfig; warnings: ConfigProblem[] } {
  const { data, problems, locator } = validateYaml(text, file, buildConfigSchema(registry), env);
  const warnings: ConfigProblem[] = [];
  if (problems.length === 0 && data !== undefined && options.checkMachine !== false) {
    for (const { problem, severity } of machineProblems(configSections(data, registry), path.dirname(path.resolve(file)), locator)) {
      (severity === 'warning' ? warnings : problems).push(problem);
    }
  }
  if (problems.length > 0 || data === undefined) throw new ConfigError(file, problems.sort(byPosition));
  return { config: data, warnings: warnings.sort(byPosition) };
}

/**
 * Parses any YAML file of the agent (a config, a pipeline test file) against `schema`, with `${VAR}`
 * interpolation; throws ConfigError naming every problem's YAML path, line and column.
 */
export function parseYamlWith<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  env: NodeJS.ProcessEnv,
  /** The file's components, for their machine checks (a model folder exists); warnings are left out. */
  components?: (data: z.output<S>) => ComponentSections,
): z.output<S> {
  const { data, problems, locator } = validateYaml(text, file, schema, env);
  if (problems.length === 0 && data !== undefined && components !== undefined) {
    for (const { problem, severity } of machineProblems(components(data), path.dirname(path.resolve(file)), locator)) if (severity === 'error') problems.push(problem);
  }
  if (problems.length > 0 || data === undefined) throw new ConfigError(file, problems.sort(byPosition));
  return data;
}

/** Reads a YAML file for parseYamlWith; a missing file is a located problem like any other. */
export async function readYamlFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
    throw new ConfigError(file, [{ path: [], message: reason }]);
  }
}

/** Syntax errors throw at once; schema and environment problems come back located, with the data when valid. */
function validateYaml<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  env: NodeJS.ProcessEnv,
): { data: z.output<S> | undefined; problems: ConfigProblem[]; locator: DocumentLocator } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      // Later syntax errors are mostly consequences of the first ones; three are enough to fix the file.
      doc.errors.slice(0, 3).map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { path: [], message: `YAML syntax error: ${e.message.split('\n')[0]}`, line: pos.line, col: pos.col };
      }),
    );
  }
  const { interpolated, problems: envProblems } = interpolateEnv(doc, env);
  const locator = new DocumentLocator(doc, lines, interpolated);
  const problems: ConfigProblem[] = envProblems.map((p) => ({
    path: pathOfNode(doc.contents, p.node) ?? [],
    message: p.message,
    ...locator.position(p.node),
  }));

  const input: unknown = doc.toJS() ?? {};
  const result = schema.safeParse(input);
  if (!result.success) {
    // A value whose environment variable is missing already has its problem; skip the follow-on type error.
    const envPaths = new Set(problems.map((p) => p.path.join('.')));
    problems.push(...problemsFromIssues(result.error.issues, input, locator).filter((p) => !envPaths.has(p.path.join('.'))));
  }
  return { data: result.success ? result.data : undefined, problems, locator };
}

function byPosition(a: ConfigProblem, b: ConfigProblem): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0);
}

/** Components of a YAML file by section (`processors`), with the definitions that check them. */
export type ComponentSections = readonly (readonly [section: string, entries: readonly ComponentConfig[], definitions: ReadonlyMap<string, ComponentSchema>])[];

/** The components' own checks of the machine, and of the patterns of their `when:` conditions, located like schema problems. */
function machineProblems(sections: ComponentSections, configDir: string, locator: DocumentLocator): { problem: ConfigProblem; severity: 'error' | 'warning' }[] {
  const problems: { problem: ConfigProblem; severity: 'error' | 'warning' }[] = [];
  for (const [section, entries, definitions] of sections) {
    entries.forEach((entry, index) => {
      const definition = definitions.get(entry.type);
      const when = (entry as { when?: Condition }).when;
      const own = [...(definition?.check?.(entry as never, { configDir }) ?? []), ...(when === undefined ? [] : patternWarnings(conditionPatterns(when, ['when'])))];
      for (const problem of own) {
        const at = [section, index, ...problem.path];
        problems.push({ problem: { path: at, message: problem.message, ...locator.position(locator.nodeAt(at)) }, severity: problem.severity ?? 'error' });
      }
    });
  }
  return problems;
}

function configSections(config: AgentConfig, registry: ComponentSchemas): ComponentSections {
  return [
    ['inputs', config.inputs as ComponentConfig[], registry.inputs],
    ['processors', config.processors as ComponentConfig[], registry.processors],
    ['outputs', config.outputs as ComponentConfig[], registry.outputs],
  ];
}

/** Finds the path of a node by walking the document (only used for the rare environment errors). */
function pathOfNode(root: unknown, target: unknown, prefix: (string | number)[] = []): (string | number)[] | undefined {
  if (root === target) return prefix;
  if (root === null || typeof root !== 'object' || !('items' in root)) return undefined;
  const items = (root as { items: unknown[] }).items;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item !== null && typeof item === 'object' && 'key' in item && 'value' in item) {
      const pair = item as { key: { value?: unknown } | null; value: unknown };
      const found = pathOfNode(pair.value, target, [...prefix, String(pair.key?.value)]);
      if (found) return found;
    } else {
      const found = pathOfNode(item, target, [...prefix, i]);
      if (found) return found;
    }
  }
  return undefined;
}
