/**
 * Turns schema issues into messages that name the YAML path, what was expected, what was found and where:
 * `processors[1].threshold: expected number, got "high" (line 14, col 16)`.
 * Values that came from the environment are described by their `${VAR}` text, never by their content.
 */
import type { z } from 'zod';
import { isMap, isNode, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

export type PathKey = string | number;

export interface ConfigProblem {
  path: PathKey[];
  message: string;
  line?: number | undefined;
  col?: number | undefined;
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  readonly file: string;
  readonly problems: ConfigProblem[];

  constructor(file: string, problems: ConfigProblem[]) {
    super(`${file}: invalid configuration\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
    this.name = 'ConfigError';
    this.file = file;
    this.problems = problems;
  }
}

export function formatPath(path: readonly PathKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? key : `.${key}`;
  }
  return text === '' ? '(top level)' : text;
}

export function formatProblem(problem: ConfigProblem): string {
  const where = problem.line === undefined ? '' : ` (line ${problem.line}, col ${problem.col})`;
  return `${formatPath(problem.path)}: ${problem.message}${where}`;
}

/** Locates YAML nodes by path and describes their values for error messages. */
export class DocumentLocator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly interpolated: WeakMap<Node, string>,
  ) {}

  /** The deepest existing node along `path` (a missing key points at its parent mapping). */
  nodeAt(path: readonly PathKey[]): Node | undefined {
    let node: unknown = this.doc.contents;
    for (const key of path) {
      if (isMap(node) || isSeq(node)) {
        const next: unknown = node.get(key, true);
        if (!isNode(next)) break;
        node = next;
      } else break;
    }
    return isNode(node) ? node : undefined;
  }

  keyNode(path: readonly PathKey[], key: string): Node | undefined {
    const parent = this.nodeAt(path);
    if (!isMap(parent)) return parent;
    for (const pair of parent.items) {
      if (isPair(pair) && isScalar(pair.key) && pair.key.value === key) return pair.key;
    }
    return parent;
  }

  position(node: Node | undefined): { line?: number; col?: number } {
    const offset = node?.range?.[0];
    if (offset === undefined) return {};
    const pos = this.lines.linePos(offset);
    return { line: pos.line, col: pos.col };
  }

  /** `"high"`, `12`, `a list`, or `a value from ${VAR}` for interpolated nodes. */
  describe(path: readonly PathKey[], value: unknown): string {
    const node = this.exactNode(path);
    const original = node ? this.interpolated.get(node) : undefined;
    if (original !== undefined) return `a value from ${original}`;
    if (value === undefined) return 'nothing';
    if (value === null) return 'null';
    if (Array.isArray(value)) return 'a list';
    if (typeof value === 'object') return 'a mapping';
    if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
    return String(value);
  }

  private exactNode(path: readonly PathKey[]): Node | undefined {
    const node: unknown = this.doc.getIn(path as PathKey[], true);
    return isNode(node) ? node : undefined;
  }
}

function valueAt(root: unknown, path: readonly PathKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PathKey, unknown>)[key];
  }
  return value;
}

export function problemsFromIssues(issues: readonly z.core.$ZodIssue[], input: unknown, locator: DocumentLocator): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((k): k is PathKey => typeof k !== 'symbol');
    const value = valueAt(input, path);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({ path: [...path, key], message: 'unknown field', ...locator.position(locator.keyNode(path, key)) });
      }
      continue;
    }
    problems.push({ path, message: describeIssue(issue, path, value, locator), ...locator.position(locator.nodeAt(path)) });
  }
  return problems;
}

function describeIssue(issue: z.core.$ZodIssue, path: PathKey[], value: unknown, locator: DocumentLocator): string {
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return `required field is missing (expected ${issue.expected})`;
      return `expected ${issue.expected}, got ${locator.describe(path, value)}`;
    case 'invalid_union':
      if ('discriminator' in issue && issue.discriminator !== undefined) {
        const options = (issue as { options?: unknown[] }).options ?? [];
        const kind = typeof path[0] === 'string' ? path[0].replace(/s$/, '') : 'component';
        if (value === undefined) return `missing "type"; expected one of ${options.join(', ')}`;
        return `unknown ${kind} type ${locator.describe(path, value)}; expected one of ${options.join(', ')}`;
      }
      return `${issue.message}, got ${locator.describe(path, value)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${locator.describe(path, value)}`;
    case 'too_small':
      if (issue.origin === 'number') return `expected a number ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}, got ${locator.describe(path, value)}`;
      return `${issue.message}, got ${locator.describe(path, value)}`;
    case 'too_big':
      if (issue.origin === 'number') return `expected a number ${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}, got ${locator.describe(path, value)}`;
      return `${issue.message}, got ${locator.describe(path, value)}`;
    case 'invalid_format':
    case 'custom':
      return `${issue.message}, got ${locator.describe(path, value)}`;
    default:
      return issue.message;
  }
}
