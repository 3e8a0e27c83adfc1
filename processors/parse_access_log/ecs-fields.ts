/**
 * Writes what an access log holds as ECS fields. One setter per field, chosen once when the processor is
 * built, so a line costs a call per captured value and the objects it creates, nothing else. Nothing in url.*
 * is decoded: `%2e%2e/` and `..%c0%af` stay as sent, which is what a threat scorer needs to see.
 */
import { isIP } from 'node:net';
import { addTag, setField, type FieldValue, type LogEvent } from '../../agent/kit.js';
import type { DurationUnit } from './formats.js';
import { LogTimeParser } from './http-date.js';
import { REQUEST_LINE } from './patterns.js';

export const PARSE_FAILURE_TAG = 'access_log_parse_failure';
export const MALFORMED_REQUEST_TAG = 'access_log_malformed_request';
export const TIMESTAMP_FAILURE_TAG = '_timestampparsefailure';

type Container = Record<string, FieldValue | undefined>;
export type Setter = (event: LogEvent, value: string | number) => void;

const NANOS: Record<DurationUnit, number> = { s: 1e9, ms: 1e6, us: 1e3, ns: 1 };
const REQUEST = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\S+) HTTP\/(\d+(?:\.\d+)?)$/;

/** The object at `key`, created when missing (or when something else is in the way, as setField does). */
function child(parent: Container, key: string): Container {
  const value = parent[key];
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Container;
  const created: Container = {};
  parent[key] = created as FieldValue;
  return created;
}

const httpOf = (event: LogEvent): Container => child(event, 'http');
/** `-` is how both servers log "none"; an empty string is how escape=json logs an unset variable. */
const absent = (value: string | number): boolean => value === '-' || value === '';

export function fail(event: LogEvent, message: string): void {
  addTag(event, PARSE_FAILURE_TAG);
  setField(event, 'error.message', `parse_access_log: ${message}`);
}

/** Splits a request target: path and query (without the `?`) and fragment, for the origin form (`/…`) only. */
export function writeUrl(event: LogEvent, target: string): void {
  const url = child(event, 'url');
  url.original = target;
  if (target.charCodeAt(0) !== 47 /* / */) return; // `*`, `host:443` (CONNECT), `http://…` (proxy scans): kept whole
  const hash = target.indexOf('#');
  const end = hash < 0 ? target.length : hash;
  const question = target.indexOf('?');
  if (question >= 0 && question < end) {
    url.path = target.slice(0, question);
    url.query = target.slice(question + 1, end);
  } else {
    url.path = target.slice(0, end);
  }
  if (hash >= 0) url.fragment = target.slice(hash + 1);
}

function writeStatus(event: LogEvent, value: string | number): void {
  const status = Number(value);
  if (!Number.isInteger(status) || status < 100 || status > 999) {
    fail(event, `http.response.status_code: ${JSON.stringify(value)} is not an HTTP status`);
    return;
  }
  child(httpOf(event), 'response').status_code = status;
  // ECS: the outcome from the server's point of view; 4xx counts as a failure too (a refused or bad request).
  child(event, 'event').outcome = status < 400 ? 'success' : 'failure';
}

function writeRequestLine(event: LogEvent, value: string | number): void {
  const line = String(value);
  const m = REQUEST.exec(line);
  if (m === null) {
    writeMalformedRequest(event, line);
    return;
  }
  child(httpOf(event), 'request').method = m[1] as string;
  writeUrl(event, m[2] as string);
  httpOf(event).version = m[3] as string;
}

/** A request line that is not `METHOD target HTTP/x`: kept raw in url.original (unless it is `-`) and tagged. */
function writeMalformedRequest(event: LogEvent, line: string): void {
  addTag(event, MALFORMED_REQUEST_TAG);
  if (!absent(line)) child(event, 'url').original = line;
}

function firstForwardedIp(event: LogEvent, value: string | number): void {
  const text = String(value);
  const comma = text.indexOf(',');
  const first = (comma < 0 ? text : text.slice(0, comma)).trim();
  // network.forwarded_ip is mapped as an ip: anything else would make the engine refuse the document.
  if (isIP(first) !== 0) child(event, 'network').forwarded_ip = first;
}

function stringAt(path: readonly [string, ...string[]], key: string): Setter {
  return (event, value) => {
    if (absent(value)) return;
    let node: Container = event;
    for (const name of path) node = child(node, name);
    node[key] = typeof value === 'string' ? value : String(value);
  };
}

/** Setters for fields, with the time parser (and its one-entry cache) of one processor. */
export class EcsFields {
  private readonly times = new LogTimeParser();
  private readonly nanos: number;

  constructor(unit: DurationUnit) {
    this.nanos = NANOS[unit];
  }

  setterFor(field: string): Setter {
    switch (field) {
      case 'source.ip':
        return (event, value) => {
          if (absent(value)) return;
          const text = String(value);
          // source.ip is mapped as an ip; a host name (Apache HostnameLookups) goes to source.address instead.
          if (isIP(text) !== 0) child(event, 'source').ip = text;
          else child(event, 'source').address = text;
        };
      case '@timestamp':
        return (event, value) => this.writeTime(event, value);
      case 'url.original':
        return (event, value) => {
          if (!absent(value)) writeUrl(event, String(value));
        };
      case 'http.version':
        return (event, value) => {
          if (absent(value)) return;
          const text = String(value);
          httpOf(event).version = text.startsWith('HTTP/') ? text.slice(5) : text;
        };
      case REQUEST_LINE:
        return writeRequestLine;
      case 'http.response.status_code':
        return writeStatus;
      case 'http.response.body.bytes':
        return (event, value) => {
          const n = this.number(event, value, field);
          if (n !== undefined) child(child(httpOf(event), 'response'), 'body').bytes = n;
        };
      case 'url.port':
        return (event, value) => {
          const n = this.number(event, value, field);
          if (n !== undefined) child(event, 'url').port = n;
        };
      case 'url.domain':
        return stringAt(['url'], 'domain');
      case 'event.duration':
        return (event, value) => {
          const n = this.number(event, value, field);
          if (n !== undefined) child(event, 'event').duration = Math.round(n * this.nanos);
        };
      case 'network.forwarded_ip':
        return (event, value) => {
          if (!absent(value)) firstForwardedIp(event, value);
        };
      case 'http.request.method':
        return stringAt(['http', 'request'], 'method');
      case 'http.request.referrer':
        return stringAt(['http', 'request'], 'referrer');
      case 'user_agent.original':
        return stringAt(['user_agent'], 'original');
      case 'user.name':
        return stringAt(['user'], 'name');
      default:
        return (event, value) => {
          if (!absent(value)) setField(event, field, value);
        };
    }
  }

  /** The fields every parsed access-log line gets. */
  markAccess(event: LogEvent): void {
    const ecsEvent = child(event, 'event');
    ecsEvent.category = ['web'];
    ecsEvent.type = ['access'];
  }

  private writeTime(event: LogEvent, value: string | number): void {
    if (absent(value)) return;
    const iso = this.times.toIso(value);
    if (iso === undefined) {
      addTag(event, TIMESTAMP_FAILURE_TAG);
      setField(event, 'error.message', `parse_access_log: time ${JSON.stringify(value)} is not a date`);
      return;
    }
    event['@timestamp'] = iso;
  }

  /** A non-negative number, or undefined when absent (`-`) or unreadable (then the event is tagged). */
  private number(event: LogEvent, value: string | number, field: string): number | undefined {
    if (absent(value)) return undefined;
    const n = Number(value);
    if (Number.isFinite(n) && n >= 0) return n;
    fail(event, `${field}: ${JSON.stringify(value)} is not a number`);
    return undefined;
  }
}
