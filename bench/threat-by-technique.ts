/**
 * `npm run bench:threat-by-technique -- [--baseline DIR] [--list]`: the attacks of
 * bench/threat-attacks-by-technique.txt, written by hand from well-known techniques (not from the CRS tests),
 * scored by this build's http_threat rules, by its rules with the payload model (trained as in
 * `bench:threats`), by an earlier build's rules if `--baseline` names a copy of its dist/, and by OWASP CRS on
 * Coraza at paranoia level 1 (built on demand). Prints per class how many each detects (an alert at 0.5, a 403
 * from the inline check); `--list` also prints every attack that one of them misses.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { ensureCorpus } from '../scripts/threat-corpus/build.js';
import { TRAIN_WITH_EXTRA_FILE } from '../scripts/threat-corpus/extra/paths.js';
import { repositoryRoot } from '../scripts/threat-corpus/go.js';
import { ensureCorazaPeer, scoreWithPeer } from './peers/coraza.js';
import { HOST, readHandList, rulesOf, shown, type HandRequest } from './threat-hand-lists.js';
import { loadBuild, THIS_BUILD } from './threat-speed/builds.js';

const { values } = parseArgs({ options: { baseline: { type: 'string' }, list: { type: 'boolean', default: false } } });
const log = (line: string) => process.stderr.write(`${line}\n`);

const requests = await readHandList(path.join(repositoryRoot(), 'bench', 'threat-attacks-by-technique.txt'), true);
const crs = await scoreWithPeer(await ensureCorazaPeer(undefined, log), requests, 1);
const paths = await ensureCorpus(undefined, log);
const examplesFile = existsSync(TRAIN_WITH_EXTRA_FILE) ? TRAIN_WITH_EXTRA_FILE : paths.train;
const withModel = (await loadBuild('this build', THIS_BUILD, examplesFile)).scorer(true);

const detectors: [string, (request: HandRequest) => boolean][] = [
  ['CRS', (request) => crs.get(request.id)?.blocked === true],
  ['this build, rules', await rulesOf(THIS_BUILD)],
  ['this build, rules + model', (request) => (withModel.score(request.uri, request.user_agent, request.referer, request.host, request.method)?.score ?? 0) >= 0.5],
];
if (values.baseline !== undefined) detectors.push([`baseline (${values.baseline}), rules`, await rulesOf(path.resolve(values.baseline))]);

const sections = [...new Set(requests.map((r) => r.section)), 'all'];
const inSection = (section: string) => requests.filter((r) => section === 'all' || r.section === section);
console.log(
  `${requests.length} attacks of bench/threat-attacks-by-technique.txt, GET with a browser's User-Agent (or the User-Agent or Referer the file gives) and Host ${HOST}; ` +
    `http_threat detects at threat.score ≥ 0.5 (model trained on ${examplesFile === paths.train ? 'the train part' : 'the train part and the registry-derived examples'}), CRS at paranoia level 1 blocks at an anomaly score ≥ 5.\n`,
);
console.log(`| class | attacks | ${detectors.map(([name]) => name).join(' | ')} |`);
console.log(`|---|---:|${detectors.map(() => '---:').join('|')}|`);
for (const section of sections) {
  const bold = (text: string | number) => (section === 'all' ? `**${text}**` : String(text));
  const members = inSection(section);
  console.log(`| ${bold(section)} | ${bold(members.length)} | ${detectors.map(([, detects]) => bold(members.filter(detects).length)).join(' | ')} |`);
}
if (values.list) {
  console.log('\nMissed by any (CRS rule ids where it blocks, then which miss):');
  for (const request of requests) {
    const misses = detectors.filter(([, detects]) => !detects(request)).map(([name]) => name);
    if (misses.length === 0) continue;
    const crsVerdict = crs.get(request.id);
    console.log(`- ${request.section}: \`${shown(request)}\`: CRS ${crsVerdict?.blocked === true ? crsVerdict.rule_ids.join(',') : '-'}; missed by ${misses.join(', ')}`);
  }
}
