/**
 * Reads a YAML config file, interpolates environment variables, validates it against the schema composed
 * from the registry and reports every problem with its YAML path, line and column.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { ComponentSchemas } from './component-schemas.js';
import { interpolateEnv } from './env.js';
import { ConfigError, DocumentLocator, problemsFromIssues, type ConfigProblem } from './errors.js';
import { buildConfigSchema, type AgentConfig, type ComponentConfig } from './schema.js';

export interface LoadedConfig {
  readonly file: string;
  /** Directory of the config file: relative paths in the config are resolved against it. */
  readonly dir: string;
  readonly config: AgentConfig;
  /** Problems that do not make the config invalid (an input whose globs match nothing yet). */
  readonly warnings: ConfigProblem[];
}

export interface LoadOptions {
  /** Run the components' checks of the machine (model folders present); off for tools that provision them. */
  readonly checkMachine?: boolean;
}

export async function loadConfigFile(file: string, registry: ComponentSchemas, env: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
    throw new ConfigError(file, [{ path: [], message: reason }]);
  }
  const { config, warnings } = parseConfig(text, file, registry, env, options);
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
  const result = buildConfigSchema(registry).safeParse(input);
  if (!result.success) {
    // A value whose environment variable is missing already has its problem; skip the follow-on type error.
    const envPaths = new Set(problems.map((p) => p.path.join('.')));
    problems.push(...problemsFromIssues(result.error.issues, input, locator).filter((p) => !envPaths.has(p.path.join('.'))));
  }
  const warnings: ConfigProblem[] = [];
  if (problems.length === 0 && result.success && options.checkMachine !== false) {
    for (const { problem, severity } of machineProblems(result.data, registry, path.dirname(path.resolve(file)), locator)) {
      (severity === 'warning' ? warnings : problems).push(problem);
    }
  }
  if (problems.length > 0) throw new ConfigError(file, problems.sort(byPosition));
  return { config: (result as { data: AgentConfig }).data, warnings: warnings.sort(byPosition) };
}

function byPosition(a: ConfigProblem, b: ConfigProblem): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0);
}

/** The components' own checks of the machine, located like schema problems. */
function machineProblems(config: AgentConfig, registry: ComponentSchemas, configDir: string, locator: DocumentLocator): { problem: ConfigProblem; severity: 'error' | 'warning' }[] {
  const problems: { problem: ConfigProblem; severity: 'error' | 'warning' }[] = [];
  const sections = [
    ['inputs', config.inputs, registry.inputs],
    ['processors', config.processors, registry.processors],
    ['outputs', config.outputs, registry.outputs],
  ] as const;
  for (const [section, entries, definitions] of sections) {
    (entries as ComponentConfig[]).forEach((entry, index) => {
      const definition = definitions.get(entry.type);
      for (const problem of definition?.check?.(entry as never, { configDir }) ?? []) {
        const at = [section, index, ...problem.path];
        problems.push({ problem: { path: at, message: problem.message, ...locator.position(locator.nodeAt(at)) }, severity: problem.severity ?? 'error' });
      }
    });
  }
  return problems;
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
