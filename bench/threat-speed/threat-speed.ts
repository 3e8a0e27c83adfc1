/**
 * `npm run bench:threat-speed -- [--seconds 2] [--baseline DIR] [--set shop|attacks] [--scorer rules|model]`: parse_access_log + http_threat on one
 * thread, without the Coraza peer. Lines are the eval part's shop requests (ordinary traffic) and its
 * log-visible attacks, written as nginx combined lines; each is parsed and scored by the rules alone and by
 * rules + payload model (trained from train-with-extra.jsonl when it exists, as bench:threats does). Modes run
 * in turns (3 rounds, median) so that they share the machine's load; `--baseline DIR` (a copy of an earlier
 * build's dist/) adds that build's modes to the same turns; `--set` and `--scorer` keep only those modes (for a
 * profile: `node --cpu-prof dist/bench/threat-speed/threat-speed.js --set shop --scorer model`). Prints lines per CPU second (user + system of
 * this process: what one core would do alone) and lines per wall-clock second.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

import type { LogEvent } from '../../agent/kit.js';
import { ensureCorpus, readCorpus } from '../../scripts/threat-corpus/build.js';
import { TRAIN_WITH_EXTRA_FILE } from '../../scripts/threat-corpus/extra/paths.js';
import { nginxLine } from '../threat-scorer.js';
import { loadBuild, THIS_BUILD, type ThreatBuild } from './builds.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '2' }, baseline: { type: 'string' }, rounds: { type: 'string', default: '3' }, set: { type: 'string' }, scorer: { type: 'string' } } });
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const log = (line: string) => process.stderr.write(`${line}\n`);

const paths = await ensureCorpus(undefined, log);
const records = await readCorpus(paths.eval);
const examplesFile = existsSync(TRAIN_WITH_EXTRA_FILE) ? TRAIN_WITH_EXTRA_FILE : paths.train;
const builds: ThreatBuild[] = [await loadBuild('this build', THIS_BUILD, examplesFile)];
if (values.baseline !== undefined) builds.push(await loadBuild(`baseline (${values.baseline})`, path.resolve(values.baseline), examplesFile));

const sets = {
  shop: records.filter((r) => r.source === 'shop').map(nginxLine),
  attacks: records.filter((r) => r.label === 'attack' && r.log_visible).map(nginxLine),
};

interface Mode {
  readonly name: string;
  readonly build: ThreatBuild;
  readonly set: keyof typeof sets;
  readonly withModel: boolean;
}
const modes: Mode[] = [];
for (const set of Object.keys(sets) as (keyof typeof sets)[]) {
  if (values.set !== undefined && values.set !== set) continue;
  for (const withModel of [false, true]) {
    if (values.scorer !== undefined && values.scorer !== (withModel ? 'model' : 'rules')) continue;
    for (const build of builds) modes.push({ name: `${set}, ${withModel ? 'rules + model' : 'rules'}, ${build.name}`, build, set, withModel });
  }
}

/** Parses and scores `lines` in batches of 500, fresh events each time, for `seconds`; returns lines done, wall and CPU seconds. */
function turn(mode: Mode, secondsPerTurn: number): { wall: number; cpu: number } {
  const lines = sets[mode.set];
  const parser = mode.build.parser();
  const scorer = mode.build.scorer(mode.withModel);
  const batch = 500;
  let done = 0;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const until = start + secondsPerTurn * 1000;
  while (performance.now() < until) {
    for (let offset = 0; offset < lines.length; offset += batch) {
      const events: LogEvent[] = lines.slice(offset, offset + batch).map((message) => ({ '@timestamp': '2026-12-05T10:00:00.000Z', message }));
      scorer.process(parser.process(events));
      done += events.length;
    }
  }
  const wallSeconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpuBefore);
  return { wall: done / wallSeconds, cpu: done / ((used.user + used.system) / 1e6) };
}

for (const mode of modes) turn(mode, 0.5);
const results = new Map<Mode, { wall: number; cpu: number }[]>(modes.map((m) => [m, []]));
const loadBefore = os.loadavg();
for (let round = 0; round < rounds; round++) for (const mode of modes) results.get(mode)?.push(turn(mode, seconds));
const loadAfter = os.loadavg();

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`parse_access_log + http_threat, one thread, ${seconds} s per turn, ${rounds} rounds of all modes in turn; eval part: ${sets.shop.length} shop lines, ${sets.attacks.length} attack lines; model trained on ${path.basename(examplesFile)}.`);
console.log('');
console.log('| lines | scorer | build | lines per CPU second (median) | CPU s per million lines | turns | wall lines/s (median) | turns |');
console.log('|---|---|---|---:|---:|---|---:|---|');
for (const mode of modes) {
  const t = results.get(mode) ?? [];
  const cpu = t.map((x) => x.cpu);
  const wall = t.map((x) => x.wall);
  console.log(`| ${mode.set} | ${mode.withModel ? 'rules + model' : 'rules'} | ${mode.build.name} | **${fmt(median(cpu))}** | ${(1e6 / median(cpu)).toFixed(1)} | ${cpu.map(fmt).join(', ')} | ${fmt(median(wall))} | ${wall.map(fmt).join(', ')} |`);
}
console.log('');
console.log(`Load average ${loadBefore.map((l) => l.toFixed(1)).join(' ')} before the turns, ${loadAfter.map((l) => l.toFixed(1)).join(' ')} after (${os.cpus().length} CPUs: ${os.cpus()[0]?.model ?? 'unknown'}); node ${process.version}; peak RSS of this process (all builds and modes together) ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB.`);
