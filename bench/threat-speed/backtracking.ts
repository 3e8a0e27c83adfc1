/**
 * `npm run bench:threat-backtracking -- [--baseline DIR] [--top 15] [--tries 3]`: the worst case of http_threat's
 * rules on hostile values. recheck (a ReDoS checker) looks for inputs that make each detector's expression
 * backtrack super-linearly; each such input, cut to max_length, is scored as a query value and as a User-Agent
 * by this build and, side by side, by an earlier one (a copy of its dist/), the fastest of a few tries. A value
 * that takes the scorer long blocks the thread that answers the proxy checks, so the figure to watch is the
 * slowest request, not the mean.
 */
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { check } from 'recheck';


import type * as ConfigModule from '../../processors/http_threat/config.js';
import type * as DetectorsModule from '../../processors/http_threat/detectors.js';
import type * as HttpThreatModule from '../../processors/http_threat/http-threat.js';
import { load, THIS_BUILD } from './builds.js';

const { values } = parseArgs({
  options: { baseline: { type: 'string' }, top: { type: 'string', default: '15' }, 'check-seconds': { type: 'string', default: '10' }, tries: { type: 'string', default: '3' } },
});
const log = (line: string) => process.stderr.write(`${line}\n`);

interface RulesBuild {
  readonly name: string;
  readonly detectors: DetectorsModule.Detector[];
  readonly maxLength: number;
  /** A scorer of its own for each try, so that no try finds the User-Agent in the scorer's cache. */
  scorer(): { score(uri: string, userAgent: string): void };
}

async function rulesBuild(name: string, root: string): Promise<RulesBuild> {
  const { HttpThreat } = await load<typeof HttpThreatModule>(root, 'processors/http_threat/http-threat.js');
  const { httpThreatConfig } = await load<typeof ConfigModule>(root, 'processors/http_threat/config.js');
  const { DETECTORS } = await load<typeof DetectorsModule>(root, 'processors/http_threat/detectors.js');
  const config = httpThreatConfig.parse({});
  const scorer = () => {
    const threat = new HttpThreat(config);
    return { score: (uri: string, userAgent: string) => void threat.score(uri, userAgent, undefined) };
  };
  return { name, detectors: [...DETECTORS], maxLength: config.max_length, scorer };
}

const builds = [await rulesBuild('this build', THIS_BUILD)];
if (values.baseline !== undefined) builds.push(await rulesBuild(`baseline (${values.baseline})`, path.resolve(values.baseline)));
const [current] = builds as [RulesBuild];

// Hostile values from every build's expressions, so that a value that hurt the earlier build is tried on this one.
const hostile = new Map<string, { detector: string; complexity: string }>();
for (const build of builds) {
  for (const detector of build.detectors) {
    const result = await check(detector.pattern.source, detector.pattern.flags, { timeout: Number(values['check-seconds']) * 1000 });
    if (result.status !== 'vulnerable') continue;
    const value = result.attack.string.slice(0, build.maxLength);
    if (!hostile.has(value)) hostile.set(value, { detector: detector.id, complexity: result.complexity.type });
  }
  log(`${build.name}: ${build.detectors.length} expressions checked, ${hostile.size} hostile values so far`);
}

/**
 * recheck gives one attack string per expression, and missed some that hurt: a value of one character or a
 * short piece of syntax repeated to max_length (8 KiB of `(` took one request 146 ms). So each printable
 * character and such pieces are tried as well.
 */
const REPEATED_UNITS = [
  ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)),
  ...['\t', '\n', '%00', '((', '()', '(a', 'a(', '{{', '${', '#{', '@{', '<a', '<a ', "('", '("', '.(', '[0]', '/*', '-- ', '<%', '&&', ';a', '$(', '`a', 'a ', 'a=', 'a.', 'or ', '1=1', '\\x', '&#', '%u'],
];
for (const unit of REPEATED_UNITS) {
  const value = unit.repeat(Math.ceil(current.maxLength / unit.length)).slice(0, current.maxLength);
  if (!hostile.has(value)) hostile.set(value, { detector: `${JSON.stringify(unit).replaceAll('|', '\\|')} repeated`, complexity: '—' });
}
log(`with repeated characters and pieces of syntax: ${hostile.size} hostile values`);

/** The fastest of a few tries, each with a new scorer: one request's time is noisy (a collection, a compile). */
const time = (build: RulesBuild, uri: string, userAgent: string): number => {
  let fastest = Infinity;
  for (let i = 0; i < Number(values.tries); i++) {
    const scorer = build.scorer();
    const start = performance.now();
    scorer.score(uri, userAgent);
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest;
};
interface Row {
  readonly detector: string;
  readonly complexity: string;
  readonly place: string;
  readonly ms: number[];
}
const rows: Row[] = [];
for (const [value, { detector, complexity }] of hostile) {
  const uri = `/search?q=${encodeURIComponent(value)}`.slice(0, current.maxLength);
  rows.push({ detector, complexity, place: 'query', ms: builds.map((b) => time(b, uri, 'Mozilla/5.0')) });
  rows.push({ detector, complexity, place: 'User-Agent', ms: builds.map((b) => time(b, '/search', value)) });
}

const ordinary = time(current, '/search?q=running+shoes&page=2', 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0');
const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(2));
console.log(
  `http_threat rules on ${hostile.size} hostile values (recheck's attack strings and repeated pieces, cut to max_length ${current.maxLength}), each scored as a query value and as a User-Agent, the fastest of ${values.tries} tries; node ${process.version}.`,
);
console.log('');
console.log(`| value made for | backtracking | place | ${builds.map((b) => `${b.name}, ms`).join(' | ')} |`);
console.log(`|---|---|---|${builds.map(() => '---:').join('|')}|`);
const slowest = [...rows].sort((a, b) => Math.max(...b.ms) - Math.max(...a.ms)).slice(0, Number(values.top));
for (const r of slowest) console.log(`| ${r.detector} | ${r.complexity} | ${r.place} | ${r.ms.map(fmt).join(' | ')} |`);
console.log('');
for (const [i, build] of builds.entries()) {
  const ms = rows.map((r) => r.ms[i] as number).sort((a, b) => a - b);
  const total = ms.reduce((a, b) => a + b, 0);
  console.log(`${build.name}: slowest request ${fmt(ms[ms.length - 1] ?? 0)} ms, median ${fmt(ms[Math.floor(ms.length / 2)] ?? 0)} ms, all ${rows.length} together ${fmt(total)} ms.`);
}
console.log(`An ordinary request, for scale: ${fmt(ordinary)} ms.`);
