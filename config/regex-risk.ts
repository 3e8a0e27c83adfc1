/**
 * Which config patterns can hold up the pipeline on one hostile line. The agent runs every pattern with V8's
 * linear-time fallback (agent/cli/regexp-fallback.ts), which finishes a match that backtracks too long, but
 * that engine does not take every pattern. A pattern it does not take and that repeats a repetition, as in
 * `^(\w+\s?)*:`, can backtrack for minutes; `validate`, `run` and a reload warn about it.
 */
import { setFlagsFromString } from 'node:v8';
// regjsparser is CommonJS whose exports Node cannot list for a named import.
import regjsparser, { type AstNode } from 'regjsparser';
import type { MachineProblem } from './component-schemas.js';

let linearSyntax = false;

/**
 * Whether the linear-time engine takes the pattern: V8 accepts the `l` flag for exactly the patterns its
 * fallback can run, so the check is V8's own (the flag that allows `l` changes nothing else).
 */
export function linearTimeCapable(source: string, flags: string): boolean {
  if (!linearSyntax) {
    setFlagsFromString('--enable-experimental-regexp-engine');
    linearSyntax = true;
  }
  try {
    new RegExp(source, `${flags}l`);
    return true;
  } catch {
    return false;
  }
}

type Node = AstNode<{ lookbehind: true; namedGroups: true; unicodePropertyEscape: true; unicodeSet: true; modifiers: true }>;

/**
 * Whether a repetition holds another one: the shape that backtracks super-linearly when its parts can
 * match the same text. An optional part (`?`, `{0,1}`) does not count, since it cannot repeat; this is why
 * the walk is written here on a parser rather than taken from safe-regex2, which counts `(a?b)*` too.
 */
function nestsRepetition(node: Node, inside: boolean): boolean {
  switch (node.type) {
    case 'quantifier': {
      const repeats = node.max === undefined || node.max > 1;
      if (repeats && inside) return true;
      return node.body.some((child) => nestsRepetition(child as Node, inside || repeats));
    }
    case 'alternative':
    case 'disjunction':
    case 'group':
      return (node.body as Node[]).some((child) => nestsRepetition(child, inside));
    default:
      return false;
  }
}

export const RISK_MESSAGE =
  'nests one repetition in another and needs the backtracking engine (it has a lookahead, a backreference, a long counted repetition or the i or u flag, or a lookbehind on Node.js 20), so one hostile line can hold up the pipeline for a long time: let no two repetitions match the same text (^(\\w+\\s?)*: as ^[\\w\\s]*:), see docs/configuration.md, "Regular expressions"';

/** The warning for a pattern compiled with `flags`, or undefined when it is safe or the fallback takes it. */
export function backtrackingRisk(source: string, flags = ''): string | undefined {
  if (linearTimeCapable(source, flags)) return undefined;
  let tree: Node;
  try {
    tree = regjsparser.parse(source, flags.includes('v') ? 'v' : flags.includes('u') ? 'u' : '', { lookbehind: true, namedGroups: true, unicodePropertyEscape: true, unicodeSet: true, modifiers: true }) as Node;
  } catch {
    return undefined; // a syntax the parser does not know yet; V8 compiled it, so leave it to run
  }
  return nestsRepetition(tree, false) ? RISK_MESSAGE : undefined;
}

/** A config pattern, where it is in its component's config and the flags the component compiles it with. */
export interface ConfigPattern {
  readonly path: (string | number)[];
  readonly pattern: string;
  readonly flags?: string;
}

/** Warnings for the risky ones among a component's patterns, for its `check`. */
export function patternWarnings(patterns: readonly ConfigPattern[]): MachineProblem[] {
  return patterns.flatMap(({ path, pattern, flags }) => {
    const risk = backtrackingRisk(pattern, flags);
    return risk === undefined ? [] : [{ path, message: `this pattern ${risk}`, severity: 'warning' as const }];
  });
}
