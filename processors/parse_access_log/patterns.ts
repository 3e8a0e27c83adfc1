/**
 * A small grok-style pattern compiler: `%{NAME:field}` tokens between regular-expression text, compiled to
 * one anchored RegExp whose numbered groups map to fields. No grok library is in the project's dependencies,
 * and the access-log subset needs little: a table of named sub-expressions and a loop. Numbered groups rather
 * than named ones, because field names have dots (not allowed in group names) and `match.groups` would cost an
 * object per line.
 */

/** Pseudo-field of a whole request line (`GET /a?b HTTP/1.1`): split into method, url.* and http.version. */
export const REQUEST_LINE = 'http.request.line';

/** The content of a double-quoted field, backslash escapes included (`\"`), as an unrolled loop (linear time). */
const QUOTED_CONTENT = '[^"\\\\]*(?:\\\\.[^"\\\\]*)*';
/** RFC 9110 token characters: methods as clients send them, scanners' odd ones included. */
const METHOD = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";

/** Named sub-expressions, with grok's names and meanings where grok has them. None may hold a capturing group. */
export const PATTERN_LIBRARY: Readonly<Record<string, string>> = {
  NOTSPACE: '\\S+',
  DATA: '.*?',
  GREEDYDATA: '.*',
  WORD: '\\w+',
  INT: '[+-]?\\d+',
  POSINT: '\\d+',
  NUMBER: '[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)',
  // Loose on purpose: whether it really is an address is checked when source.ip is written.
  IP: '[0-9A-Fa-f:.]+(?:%[0-9A-Za-z]+)?',
  IPORHOST: '[0-9A-Za-z:._%-]+',
  USERNAME: '[a-zA-Z0-9._@-]+',
  USER: '[a-zA-Z0-9._@-]+',
  HTTPDATE: '\\d{2}/[A-Za-z]{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}',
  TIMESTAMP_ISO8601: '\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?(?:Z|[+-]\\d{2}:?\\d{2})?',
  QUOTED_CONTENT,
};

/**
 * `%{REQUEST}` (inside quotes): `METHOD target HTTP/x` in three groups, or, for anything else (`-`, a TLS
 * handshake sent to a plain port, a scanner's garbage), the raw text in a fourth.
 */
const REQUEST = `(?:(${METHOD}) (\\S+) HTTP/(\\d+(?:\\.\\d+)?)|(${QUOTED_CONTENT}))`;
const REQUEST_FIELDS = ['http.request.method', 'url.original', 'http.version', REQUEST_LINE] as const;

const TOKEN = /%\{([A-Z0-9_]+)(?::([^}]*))?\}/g;
const FIELD_NAME = /^(@timestamp|[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*)$/;

export interface CompiledPattern {
  /** The whole line, anchored at both ends. */
  readonly regex: RegExp;
  /** The field of capture group i + 1. */
  readonly fields: readonly string[];
  /** Prefixes of the pattern, longest last, each with the part that follows it: to say where a line stopped matching. */
  readonly prefixes: readonly { readonly regex: RegExp; readonly part: string }[];
}

export class PatternError extends Error {}

interface Part {
  readonly source: string;
  readonly text: string;
  readonly fields: readonly string[];
}

function splitParts(pattern: string): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const m of pattern.matchAll(TOKEN)) {
    if (m.index > last) parts.push({ source: pattern.slice(last, m.index), text: pattern.slice(last, m.index), fields: [] });
    const [token, name, field] = m as unknown as [string, string, string | undefined];
    if (name === 'REQUEST') {
      if (field !== undefined) throw new PatternError(`${token}: REQUEST writes ${REQUEST_FIELDS.slice(0, 3).join(', ')} itself and takes no field`);
      parts.push({ source: REQUEST, text: token, fields: REQUEST_FIELDS });
    } else {
      const sub = PATTERN_LIBRARY[name];
      if (sub === undefined) throw new PatternError(`${token}: unknown pattern ${name} (known: REQUEST, ${Object.keys(PATTERN_LIBRARY).join(', ')})`);
      if (field === undefined) parts.push({ source: `(?:${sub})`, text: token, fields: [] });
      else if (!FIELD_NAME.test(field)) throw new PatternError(`${token}: "${field}" is not a field name (dotted, e.g. source.ip)`);
      else parts.push({ source: `(${sub})`, text: token, fields: [field] });
    }
    last = m.index + token.length;
  }
  if (last < pattern.length) parts.push({ source: pattern.slice(last), text: pattern.slice(last), fields: [] });
  return parts;
}

function groupCount(source: string): number {
  return (new RegExp(`${source}|`).exec('') as RegExpExecArray).length - 1;
}

/** Compiles a pattern; throws PatternError saying what is wrong (unknown name, bad regex, a stray group). */
export function compilePattern(pattern: string): CompiledPattern {
  const parts = splitParts(pattern);
  const source = parts.map((p) => p.source).join('');
  const fields = parts.flatMap((p) => p.fields);
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${source})$`);
  } catch (error) {
    throw new PatternError(`not a valid regular expression: ${(error as Error).message}`);
  }
  if (fields.length === 0) throw new PatternError('the pattern captures no field: use %{NAME:field}');
  if (groupCount(source) !== fields.length) throw new PatternError('use (?:...) for groups of your own: fields come only from %{NAME:field}');
  return { regex, fields, prefixes: prefixesOf(parts) };
}

/**
 * The regular expressions of growing prefixes, each with the text of the parts it added. A prefix that cuts a
 * group of the user's own in half does not compile and is left out: the diagnosis then names a longer stretch.
 */
function prefixesOf(parts: readonly Part[]): CompiledPattern['prefixes'] {
  const prefixes: { regex: RegExp; part: string }[] = [];
  let source = '';
  let added = '';
  for (const part of parts) {
    source += part.source;
    added += part.text;
    try {
      prefixes.push({ regex: new RegExp(`^(?:${source})`), part: added });
      added = '';
    } catch {
      // a cut group: fold this part into the next one
    }
  }
  return prefixes;
}

/**
 * Where a line that did not match stops matching: the part that failed and the column (1-based) where it
 * should have started. Only run for lines that failed, so its cost does not matter.
 */
export function diagnose(pattern: CompiledPattern, line: string): string {
  let column = 1;
  for (const prefix of pattern.prefixes) {
    const m = prefix.regex.exec(line);
    if (m === null) return `${JSON.stringify(prefix.part)} did not match at column ${column}`;
    column = m[0].length + 1;
  }
  return `unexpected text at column ${column}`;
}
