/**
 * `node dist/bench/threat-speed/verdicts.js --baseline DIR [--fixture FILE --count N]`: whether this build and
 * an earlier one (a copy of its dist/) give the same output on every request of the threat corpus: each
 * record written as an nginx combined line, parsed and scored (rules alone, and rules + payload model
 * trained from train-with-extra.jsonl), the resulting events compared field by field. `--fixture` also
 * writes N lines of the train part with the earlier build's events (rules + the model of the processor's
 * testdata examples and model-config.yaml's settings) to FILE, for the unit test that keeps the output fixed.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';

import type { LogEvent } from '../../agent/kit.js';
import { ensureCorpus, readCorpus } from '../../scripts/threat-corpus/build.js';
import type { CorpusRecord } from '../../scripts/threat-corpus/records.js';
import { TRAIN_WITH_EXTRA_FILE } from '../../scripts/threat-corpus/extra/paths.js';
import { nginxLine } from '../threat-scorer.js';
import { loadBuild, THIS_BUILD, type ThreatBuild } from './builds.js';

const FIXTURE_MODEL = { threshold: 0.6, c: 10 };
const { values } = parseArgs({ options: { baseline: { type: 'string' }, fixture: { type: 'string' }, count: { type: 'string', default: '300' } } });
if (values.baseline === undefined) throw new Error('--baseline DIR (a copy of an earlier build\'s dist/) is required');
const log = (line: string) => process.stderr.write(`${line}\n`);

const paths = await ensureCorpus(undefined, log);
const train = await readCorpus(paths.train);
const records: CorpusRecord[] = [...train, ...(await readCorpus(paths.eval))];
const examplesFile = existsSync(TRAIN_WITH_EXTRA_FILE) ? TRAIN_WITH_EXTRA_FILE : paths.train;
const current = await loadBuild('this build', THIS_BUILD, examplesFile);
const baseline = await loadBuild('baseline', path.resolve(values.baseline), examplesFile);

/** The events a build makes of the lines: parsed, then scored. */
function run(build: ThreatBuild, lines: readonly string[], withModel: boolean): LogEvent[] {
  const events: LogEvent[] = lines.map((message) => ({ '@timestamp': '2026-12-05T10:00:00.000Z', message }));
  return build.scorer(withModel).process(build.parser().process(events));
}

const lines = records.map(nginxLine);
for (const withModel of [false, true]) {
  const mine = run(current, lines, withModel);
  const theirs = run(baseline, lines, withModel);
  const differing = mine.flatMap((event, i) => (isDeepStrictEqual(event, theirs[i]) ? [] : [i]));
  const scored = theirs.filter((e) => e.threat !== undefined).length;
  console.log(`${withModel ? 'rules + model' : 'rules'}: ${lines.length} lines (train and eval parts), ${scored} with threat.* by the baseline; ${differing.length} events differ.`);
  for (const i of differing.slice(0, 5)) console.log(`  ${records[i]?.id}: ${JSON.stringify(mine[i]?.threat)} vs ${JSON.stringify(theirs[i]?.threat)}`);
}

if (values.fixture !== undefined) {
  // Every k-th log-visible record of the train part, so attacks of each class and benign requests are in it.
  const visible = train.filter((r) => r.log_visible);
  const step = Math.max(1, Math.floor(visible.length / Number(values.count)));
  const sample = visible.filter((_, i) => i % step === 0).slice(0, Number(values.count));
  const modelExamples = path.join(THIS_BUILD, '..', 'processors', 'http_threat', 'testdata', 'model-examples.jsonl');
  // The settings of testdata/model-config.yaml: a looser fit and a lower threshold, so that so small a model fires.
  const fixtureBuild = await loadBuild('baseline', path.resolve(values.baseline), modelExamples, FIXTURE_MODEL);
  const sampleLines = sample.map(nginxLine);
  const events = run(fixtureBuild, sampleLines, true);
  await writeFile(values.fixture, events.map((event) => `${JSON.stringify(event)}\n`).join(''));
  console.log(`wrote ${events.length} events (${events.filter((e) => e.threat !== undefined).length} with threat.*) to ${values.fixture}`);
}
