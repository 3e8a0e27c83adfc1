/**
 * The two ways a line is read: one precompiled RegExp (the built-in formats and `pattern`), or JSON.parse and
 * a key → field table (`json`). Both write through the same setters (ecs-fields.ts).
 */
import { isFieldObject, type LogEvent } from '../../agent/kit.js';
import { fail, type EcsFields, type Setter } from './ecs-fields.js';
import { diagnose, type CompiledPattern } from './patterns.js';

export interface LineFormat {
  /** Writes the fields of `line` into `event`; returns false (and tags the event) when the line is not in this format. */
  parse(event: LogEvent, line: string): boolean;
}

export class PatternLineFormat implements LineFormat {
  private readonly setters: readonly Setter[];

  constructor(
    private readonly name: string,
    private readonly pattern: CompiledPattern,
    fields: EcsFields,
  ) {
    this.setters = pattern.fields.map((field) => fields.setterFor(field));
  }

  parse(event: LogEvent, line: string): boolean {
    const m = this.pattern.regex.exec(line);
    if (m === null) {
      fail(event, `not a ${this.name} line: ${diagnose(this.pattern, line)}`);
      return false;
    }
    const setters = this.setters;
    for (let i = 0; i < setters.length; i++) {
      const value = m[i + 1];
      if (value !== undefined) (setters[i] as Setter)(event, value);
    }
    return true;
  }
}

interface JsonKey {
  readonly key: string;
  readonly path: readonly string[];
  readonly set: Setter;
}

export class JsonLineFormat implements LineFormat {
  private readonly keys: readonly JsonKey[];

  constructor(mapping: Readonly<Record<string, string>>, fields: EcsFields) {
    this.keys = Object.entries(mapping).map(([key, field]) => ({ key, path: key.split('.'), set: fields.setterFor(field) }));
  }

  parse(event: LogEvent, line: string): boolean {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      fail(event, `invalid JSON: ${(error as Error).message}`);
      return false;
    }
    if (!isFieldObject(parsed)) {
      fail(event, 'the JSON is not an object');
      return false;
    }
    let found = 0;
    for (const { key, path, set } of this.keys) {
      const value = valueAt(parsed, key, path);
      if (typeof value === 'string' || typeof value === 'number') {
        set(event, value);
        found++;
      }
    }
    if (found === 0) {
      fail(event, `none of the mapped keys is in the JSON (${this.keys.map((k) => k.key).join(', ')})`);
      return false;
    }
    return true;
  }
}

/** A key as it is (`"source.ip": …`), else as a path through nested objects (`"source": {"ip": …}`). */
function valueAt(object: Record<string, unknown>, key: string, path: readonly string[]): unknown {
  if (Object.prototype.hasOwnProperty.call(object, key)) return object[key];
  if (path.length === 1) return undefined;
  let node: unknown = object;
  for (const name of path) {
    if (!isFieldObject(node) || !Object.prototype.hasOwnProperty.call(node, name)) return undefined;
    node = (node as Record<string, unknown>)[name];
  }
  return node;
}
