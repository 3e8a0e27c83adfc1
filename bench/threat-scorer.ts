/**
 * The http_threat processor's side of the threat bench: its verdict on each corpus record, and how many
 * access-log lines per second parse_access_log followed by http_threat handles on this thread (one core).
 */
import { performance } from 'node:perf_hooks';

import type { LogEvent } from '../agent/kit.js';
import { httpThreatConfig } from '../processors/http_threat/config.js';
import { HttpThreat, type ThreatVerdict } from '../processors/http_threat/http-threat.js';
import { parseAccessLogConfig } from '../processors/parse_access_log/config.js';
import { ParseAccessLog } from '../processors/parse_access_log/parse-access-log.js';
import type { CorpusRecord } from '../scripts/threat-corpus/records.js';

/** Builds the scorer under test: the rules alone by default; the bench also passes one with the payload model. */
export type ScorerFactory = () => HttpThreat;
const rulesOnly: ScorerFactory = () => new HttpThreat(httpThreatConfig.parse({}));

/** What a scorer of access logs may look at, and the id its verdict is kept under. */
export type ScoredRequest = Pick<CorpusRecord, 'id' | 'method' | 'uri' | 'user_agent' | 'referer' | 'host'>;

/** `withHost`: each request's Host is given too, as a log with nginx `$host` or Apache `%v` holds it; not in the combined format. */
export function scoreWithProcessor(records: readonly ScoredRequest[], makeScorer: ScorerFactory = rulesOnly, withHost = false): Map<string, ThreatVerdict | undefined> {
  const scorer = makeScorer();
  return new Map(records.map((r) => [r.id, scorer.score(r.uri, r.user_agent, r.referer, withHost ? r.host : undefined, r.method)]));
}

/** nginx escapes `"` and control bytes in logged values as \xHH; so does this, to keep the line parseable. */
// eslint-disable-next-line no-control-regex -- control bytes are what nginx escapes
const escapeValue = (value: string): string => value.replace(/["\\\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`);

export function nginxLine(r: CorpusRecord, i: number): string {
  const target = escapeValue(r.uri).replaceAll(' ', '%20');
  return `198.51.100.${i % 250} - - [05/Dec/2026:10:00:${String(i % 60).padStart(2, '0')} +0000] "${r.method} ${target} HTTP/1.1" 200 ${512 + (i % 900)} "${escapeValue(r.referer ?? '-')}" "${escapeValue(r.user_agent ?? '-')}" 0.012`;
}

export interface PipelineSpeed {
  lines: number;
  parse_only_lps: number;
  parse_and_score_lps: number;
}

function linesPerSecond(lines: readonly string[], seconds: number, withThreat: boolean, makeScorer: ScorerFactory): number {
  const parser = new ParseAccessLog(parseAccessLogConfig.parse({}));
  const scorer = makeScorer();
  const batch = 500;
  let done = 0;
  const start = performance.now();
  const until = start + seconds * 1000;
  while (performance.now() < until) {
    for (let offset = 0; offset < lines.length; offset += batch) {
      const events: LogEvent[] = lines.slice(offset, offset + batch).map((message) => ({ '@timestamp': '2026-12-05T10:00:00.000Z', message }));
      parser.process(events);
      if (withThreat) scorer.process(events);
      done += events.length;
    }
  }
  return done / ((performance.now() - start) / 1000);
}

/** Parse only, then parse + score, over the same lines for `seconds` each (after a short warm-up). */
export function pipelineSpeed(records: readonly CorpusRecord[], seconds: number, makeScorer: ScorerFactory = rulesOnly): PipelineSpeed {
  const lines = records.map(nginxLine);
  linesPerSecond(lines, 0.5, true, makeScorer);
  return { lines: lines.length, parse_only_lps: linesPerSecond(lines, seconds, false, makeScorer), parse_and_score_lps: linesPerSecond(lines, seconds, true, makeScorer) };
}

/** One turn of interleavedSpeed: lines per wall-clock second, and per second of this process's CPU time. */
export interface Turn {
  readonly wall: number;
  readonly cpu: number;
}

/**
 * Parse + score lines/s of several scorers over the same lines, measured in turns (`rounds` × `seconds`
 * each, after a warm-up of each) so that they share whatever else the machine is doing. Lines per CPU
 * second (user + system of this process) is what one core would do alone; on a shared machine it moves far
 * less than the wall-clock rate.
 */
export function interleavedSpeed(records: readonly CorpusRecord[], seconds: number, scorers: Readonly<Record<string, ScorerFactory>>, rounds = 3): Record<string, Turn[]> {
  const lines = records.map(nginxLine);
  const runs: Record<string, Turn[]> = {};
  for (const [name, make] of Object.entries(scorers)) {
    linesPerSecond(lines, 0.5, true, make);
    runs[name] = [];
  }
  for (let round = 0; round < rounds; round++) {
    for (const [name, make] of Object.entries(scorers)) {
      const before = process.cpuUsage();
      const started = performance.now();
      const wall = linesPerSecond(lines, seconds, true, make);
      const elapsed = (performance.now() - started) / 1000;
      const used = process.cpuUsage(before);
      runs[name]?.push({ wall, cpu: (wall * elapsed) / ((used.user + used.system) / 1e6) });
    }
  }
  return runs;
}
