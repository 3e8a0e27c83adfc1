/**
 * `${VAR}` / `${VAR:-default}` interpolation in YAML scalar values (never in keys), done on the parsed document
 * so line numbers stay right and an environment value can never inject YAML structure. `$${` writes a literal
 * `${`. The original text of every interpolated node is remembered so that errors show `${ES_PASSWORD}`,
 * never the secret itself.
 */
import { parse as parseYaml, Scalar, visit, type Document, type Node } from 'yaml';

const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface InterpolationProblem {
  node: Node;
  message: string;
}

export interface InterpolationResult {
  /** Nodes whose value came (partly) from the environment, mapped to their original text. */
  readonly interpolated: WeakMap<Node, string>;
  readonly problems: InterpolationProblem[];
}

export function interpolateEnv(doc: Document, env: NodeJS.ProcessEnv): InterpolationResult {
  const interpolated = new WeakMap<Node, string>();
  const problems: InterpolationProblem[] = [];
  visit(doc, {
    Scalar(key, node) {
      if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('${')) return;
      const original = node.value;
      const missing: string[] = [];
      const replaced = original.replace(REFERENCE, (match, name: string | undefined, fallback: string | undefined) => {
        if (name === undefined) return '${';
        const value = env[name];
        if (value !== undefined && value !== '') return value;
        if (fallback !== undefined) return fallback;
        missing.push(name);
        return '';
      });
      if (replaced === original) return;
      interpolated.set(node, original);
      for (const name of missing) problems.push({ node, message: `environment variable ${name} is not set` });
      node.value = typedValue(node, original, replaced);
    },
  });
  return { interpolated, problems };
}

/** `port: ${ES_PORT}` (a plain scalar that is one whole reference) takes the YAML type of its value. */
function typedValue(node: Scalar, original: string, replaced: string): unknown {
  const wholeReference = /^\$\{[^}]+\}$/.test(original);
  if (!wholeReference || node.type !== Scalar.PLAIN) return replaced;
  try {
    const value: unknown = parseYaml(replaced);
    return value !== null && typeof value !== 'object' ? value : replaced;
  } catch {
    return replaced;
  }
}

