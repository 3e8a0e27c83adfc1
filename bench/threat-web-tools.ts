/**
 * `npm run bench:threat-web-tools -- [--baseline DIR] [--list]`: the requests of bench/threat-web-tools.txt,
 * which web frameworks, the tools in front of sites and their users send every day, scored by this build's
 * http_threat rules (an alert at 0.5, which is also a 403 from the inline check), by an earlier build if
 * `--baseline` names a copy of its dist/, and by OWASP CRS on Coraza at paranoia level 1 (built on demand).
 * Prints how many of each section each one flags; `--list` also prints every flagged request.
 * The file was written by hand to look for false positives, and the rules were fixed for what it found, so
 * this build's figure is not a blind one.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';

import { repositoryRoot } from '../scripts/threat-corpus/go.js';
import { ensureCorazaPeer, scoreWithPeer } from './peers/coraza.js';
import { HOST, readHandList, rulesOf, shown, type HandRequest } from './threat-hand-lists.js';
import { THIS_BUILD } from './threat-speed/builds.js';

const { values } = parseArgs({ options: { baseline: { type: 'string' }, list: { type: 'boolean', default: false } } });
const log = (line: string) => process.stderr.write(`${line}\n`);

const requests = await readHandList(path.join(repositoryRoot(), 'bench', 'threat-web-tools.txt'));
const crs = await scoreWithPeer(await ensureCorazaPeer(undefined, log), requests, 1);
const builds: [string, (request: HandRequest) => boolean][] = [['this build', await rulesOf(THIS_BUILD)]];
if (values.baseline !== undefined) builds.push([`baseline (${values.baseline})`, await rulesOf(path.resolve(values.baseline))]);

const sections = [...new Set(requests.map((r) => r.section)), 'all'];
const count = (section: string, flags: (request: HandRequest) => boolean) => requests.filter((r) => (section === 'all' || r.section === section) && flags(r)).length;
const blockedByCrs = (request: HandRequest) => crs.get(request.id)?.blocked === true;

console.log(`${requests.length} requests of bench/threat-web-tools.txt, GET with a browser's User-Agent (or the User-Agent or Referer the file gives) and Host ${HOST}; http_threat rules alone (alert at 0.5), CRS at paranoia level 1.\n`);
console.log(`| section | requests | CRS blocks | ${builds.map(([name]) => `${name} alerts`).join(' | ')} |`);
console.log(`|---|---:|---:|${builds.map(() => '---:').join('|')}|`);
for (const section of sections) {
  const bold = (text: string | number) => (section === 'all' ? `**${text}**` : String(text));
  const total = requests.filter((r) => section === 'all' || r.section === section).length;
  console.log(`| ${bold(section)} | ${bold(total)} | ${bold(count(section, blockedByCrs))} | ${builds.map(([, flags]) => bold(count(section, flags))).join(' | ')} |`);
}
if (values.list) {
  console.log('\nFlagged by any (CRS rule ids, then which builds alert):');
  for (const request of requests) {
    const alerts = builds.filter(([, flags]) => flags(request)).map(([name]) => name);
    if (!blockedByCrs(request) && alerts.length === 0) continue;
    console.log(`- \`${shown(request)}\`: CRS ${blockedByCrs(request) ? (crs.get(request.id)?.rule_ids.join(',') ?? '') : '-'}; ${alerts.join(', ') || 'no build'}`);
  }
}
