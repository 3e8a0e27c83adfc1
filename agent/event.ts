/**
 * The event model: ECS-shaped plain JSON documents.
 *
 * An event is a plain object so that processors and outputs can treat it as the document that ends up in the
 * search engine. Field paths are dotted ECS names (`log.file.path`) resolved through nested objects.
 */
export type FieldValue = string | number | boolean | null | FieldValue[] | { [key: string]: FieldValue };

export interface LogEvent {
  '@timestamp': string;
  message: string;
  tags?: string[];
  labels?: Record<string, string>;
  [field: string]: FieldValue | undefined;
}

type Container = Record<string, FieldValue | undefined>;

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Split field paths. Paths come from the config and code, so they are few; splitting each time allocated an array per call. */
const splitPaths = new Map<string, readonly string[]>();
const MAX_SPLIT_PATHS = 10_000;

function keysOf(path: string): readonly string[] {
  let keys = splitPaths.get(path);
  if (keys === undefined) {
    keys = path.split('.');
    if (splitPaths.size < MAX_SPLIT_PATHS) splitPaths.set(path, keys);
  }
  return keys;
}

/** Reads a dotted field path; a literal key containing dots (`"a.b": 1`) is found too. */
export function getField(event: LogEvent, path: string): FieldValue | undefined {
  if (path in event) return event[path];
  let node: unknown = event;
  for (const key of keysOf(path)) {
    if (!isContainer(node)) return undefined;
    node = node[key];
  }
  return node as FieldValue | undefined;
}

/** Writes a dotted field path, creating intermediate objects (and replacing non-objects in the way). */
export function setField(event: LogEvent, path: string, value: FieldValue): void {
  const keys = keysOf(path);
  let node: Container = event;
  for (let i = 0; i < keys.length - 1; i++) {
    const key = keys[i] as string;
    const next = node[key];
    if (isContainer(next)) {
      node = next;
    } else {
      const created: Container = {};
      node[key] = created as FieldValue;
      node = created;
    }
  }
  node[keys[keys.length - 1] as string] = value;
}

export function addTag(event: LogEvent, tag: string): void {
  if (event.tags === undefined) event.tags = [tag];
  else if (!event.tags.includes(tag)) event.tags.push(tag);
}

/** Deep-merges `source` into `target` (objects merged, everything else replaced). */
export function mergeFields(target: Container, source: Record<string, unknown>): void {
  for (const key in source) {
    if (!Object.prototype.hasOwnProperty.call(source, key)) continue;
    const value = source[key];
    const existing = target[key];
    if (existing !== undefined && isContainer(existing) && isContainer(value)) mergeFields(existing, value);
    else target[key] = value as FieldValue;
  }
}

export { isContainer as isFieldObject };
