/**
 * `npm run bench:threats -- [--paranoia 1] [--seconds 3] [--split eval]`: the reference table for the HTTP
 * threat scorer. Runs the evaluation part of the threat corpus (built on demand, see scripts/threat-corpus)
 * through OWASP CRS on Coraza (bench/peers/coraza, built on demand) seeing only the access-log fields, and
 * prints per attack class the share of log-visible attacks it blocks, its false-positive rate on benign CRS
 * tests and on generated shop traffic, and its requests per second.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';

import { ensureCorpus, readCorpus, CRS_MODULE, CRS_VERSION } from '../scripts/threat-corpus/build.js';
import type { CorpusRecord } from '../scripts/threat-corpus/records.js';
import { ensureCorazaPeer, peerThroughput, scoreWithPeer, type PeerVerdict } from './peers/coraza.js';

const { values } = parseArgs({ options: { paranoia: { type: 'string', default: '1' }, seconds: { type: 'string', default: '3' }, split: { type: 'string', default: 'eval' } } });
const paranoia = Number(values.paranoia);
const log = (line: string) => process.stderr.write(`${line}\n`);

const paths = await ensureCorpus(undefined, log);
const binary = await ensureCorazaPeer(undefined, log);
const records = await readCorpus(values.split === 'train' ? paths.train : paths.eval);
const verdicts = await scoreWithPeer(binary, records, paranoia);
const verdictOf = (r: CorpusRecord): PeerVerdict => {
  const v = verdicts.get(r.id);
  if (!v) throw new Error(`the peer gave no verdict for ${r.id}`);
  return v;
};

const pct = (part: number, whole: number) => (whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`);
const rate = (rs: readonly CorpusRecord[]) => {
  const blocked = rs.filter((r) => verdictOf(r).blocked).length;
  return { n: rs.length, blocked, text: `${pct(blocked, rs.length)} (${blocked}/${rs.length})` };
};

const attacks = records.filter((r) => r.label === 'attack' && r.log_visible);
const classes = [...new Set(attacks.map((r) => r.class ?? '-'))].sort();
console.log(`CRS ${CRS_MODULE}@${CRS_VERSION} on Coraza, paranoia level ${paranoia}, anomaly threshold 5; ${values.split} part of the corpus; the peer sees method, URI, User-Agent, Referer.`);
console.log('');
console.log('Detection of log-visible attacks (blocked = inbound anomaly score ≥ 5):');
console.log('');
console.log('| class | all tests | tests of PL1 rules |');
console.log('|---|---:|---:|');
for (const c of classes) {
  const inClass = attacks.filter((r) => (r.class ?? '-') === c);
  console.log(`| ${c} | ${rate(inClass).text} | ${rate(inClass.filter((r) => r.paranoia_level === 1)).text} |`);
}
console.log(`| **all** | ${rate(attacks).text} | ${rate(attacks.filter((r) => r.paranoia_level === 1)).text} |`);
console.log('');

const crsBenign = records.filter((r) => r.source === 'crs' && r.label === 'benign' && r.log_visible);
const shop = records.filter((r) => r.source === 'shop');
console.log('False positives (blocked benign requests):');
console.log('');
console.log('| benign set | blocked |');
console.log('|---|---:|');
console.log(`| CRS no-fire tests, log-visible | ${rate(crsBenign).text} |`);
console.log(`| generated shop traffic | ${rate(shop).text} |`);
const shopKinds = [...new Set(shop.map((r) => r.kind ?? '-'))].sort();
const noisy = shopKinds.map((k) => [k, rate(shop.filter((r) => r.kind === k))] as const).filter(([, s]) => s.blocked > 0);
for (const [kind, s] of noisy) console.log(`| … shop: ${kind} | ${s.text} |`);
console.log('');

// Rules behind the shop false positives, so they can be read against the generator's hard cases.
const ruleCounts = new Map<number, number>();
for (const r of shop) for (const id of verdictOf(r).rule_ids) ruleCounts.set(id, (ruleCounts.get(id) ?? 0) + 1);
if (ruleCounts.size > 0) console.log(`Rules matching shop traffic: ${[...ruleCounts].sort((a, b) => b[1] - a[1]).map(([id, n]) => `${id}×${n}`).join(', ')}`);

const throughputSet = records.filter((r) => r.log_visible);
const speed = await peerThroughput(binary, throughputSet, Number(values.seconds), paranoia);
console.log('');
console.log(`Throughput over the ${speed.requests} log-visible requests of this part, ${values.seconds} s per mode: ${Math.round(speed.single_goroutine_rps)} requests/s on one goroutine, ${Math.round(speed.all_cores_rps)} requests/s on ${speed.cores} goroutines (GOMAXPROCS; ${os.cpus().length} CPUs visible: ${os.cpus()[0]?.model ?? 'unknown'}).`);
