/**
 * `npm run bench:threat-model-cv -- [--folds 5]`: chooses the payload model's settings (n-gram range,
 * regularisation c, threshold) on the train part of the threat corpus alone. Folds are grouped by CRS rule
 * (rule_id; shop requests by position), so every fold's attacks come from rules the model was not trained on,
 * as the eval part's do. For each setting it trains on k−1 folds and scores the held-out one, then picks the
 * lowest threshold at which rules + model flag no more of the train part's benign sets than CRS at paranoia
 * level 1 does (measured here with the Coraza peer) and no more than the rules alone where the rules
 * already exceed CRS; the setting that then detects the most train attacks wins. The eval part is not read.
 * With `--extra`, the registry-derived examples (`npm run corpus:threat-extra`) are added to every fold's
 * training rows; they are never scored, so the figures stay those of held-out CRS rules.
 * `--classes` compares instead how the class of a detection is named (plain against complement naive Bayes),
 * with the default settings: on every held-out attack, and on those the model detects at its threshold.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { httpThreatConfig } from '../processors/http_threat/config.js';
import { HttpThreat } from '../processors/http_threat/http-threat.js';
import { normalise } from '../processors/http_threat/normalise.js';
import { exampleTexts, trainPayloadModel, type ClassNamer, type FieldTexts, type ModelSettings } from '../processors/http_threat/model/payload-model.js';
import { DEFAULT_THRESHOLD, payloadModelConfig } from '../processors/http_threat/model/config.js';
import { readExamples } from '../processors/http_threat/model/examples.js';
import { EXTRA_FILE } from '../scripts/threat-corpus/extra/paths.js';
import { ensureCorpus, readCorpus } from '../scripts/threat-corpus/build.js';
import type { CorpusRecord } from '../scripts/threat-corpus/records.js';
import { ensureCorazaPeer, scoreWithPeer } from './peers/coraza.js';

const { values } = parseArgs({ options: { folds: { type: 'string', default: '5' }, quick: { type: 'boolean', default: false }, curve: { type: 'boolean', default: false }, bits: { type: 'string', default: '16' }, extra: { type: 'boolean', default: false }, c: { type: 'string' }, classes: { type: 'boolean', default: false } } });
const folds = Number(values.folds);
const log = (line: string) => process.stderr.write(`${line}\n`);

const defaults = httpThreatConfig.parse({});
const textOf = (value: string): string => normalise(value.length > defaults.max_length ? value.slice(0, defaults.max_length) : value, defaults.decode_rounds).text;

const paths = await ensureCorpus(undefined, log);
const records = (await readCorpus(paths.train)).filter((r) => r.log_visible);
const crs = await scoreWithPeer(await ensureCorazaPeer(undefined, log), records, 1);
const texts: FieldTexts[] = records.map((r) => exampleTexts(r, textOf));
const examples = records.map((r) => ({ attack: r.label === 'attack', class: r.label === 'attack' ? (r.class ?? undefined) : undefined }));

if (values.extra && !existsSync(EXTRA_FILE)) throw new Error(`${EXTRA_FILE} is missing: run npm run corpus:threat-extra first`);
const extra = values.extra ? (await readExamples(EXTRA_FILE, process.cwd())).examples : [];
const extraTexts: FieldTexts[] = extra.map((e) => exampleTexts(e, textOf));

const rules = new HttpThreat(defaults);
const ruleScore = records.map((r) => rules.score(r.uri, r.user_agent, r.referer, undefined, r.method)?.score ?? 0);

/** The fold of a record: by rule for CRS tests (a rule's tests stay together), by position for shop traffic. */
const foldOf = (r: CorpusRecord, i: number): number => (r.rule_id !== undefined ? (Math.imul(r.rule_id, 0x9e3779b1) >>> 0) % folds : i % folds);
const fold = records.map(foldOf);

const noFire = records.flatMap((r, i) => (r.source === 'crs' && r.label === 'benign' ? [i] : []));
const shop = records.flatMap((r, i) => (r.source === 'shop' ? [i] : []));
const attacks = records.flatMap((r, i) => (r.label === 'attack' ? [i] : []));
const rate = (set: readonly number[], hit: (i: number) => boolean) => set.filter(hit).length / set.length;
const crsHit = (i: number) => crs.get((records[i] as CorpusRecord).id)?.blocked ?? false;
const ruleHit = (i: number) => (ruleScore[i] as number) >= defaults.alert_threshold;
const targets = { noFire: Math.max(rate(noFire, crsHit), rate(noFire, ruleHit)), shop: Math.max(rate(shop, crsHit), rate(shop, ruleHit)) };
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
console.log(`Train part, log-visible: ${attacks.length} attacks, ${noFire.length} CRS no-fire tests, ${shop.length} shop requests; ${folds} folds grouped by rule.`);
console.log(`CRS (PL1) flags ${pct(rate(noFire, crsHit))} of no-fire tests and ${pct(rate(shop, crsHit))} of shop requests, detects ${pct(rate(attacks, crsHit))} of attacks; rules alone ${pct(rate(noFire, ruleHit))}, ${pct(rate(shop, ruleHit))}, ${pct(rate(attacks, ruleHit))}.`);
if (values.extra) console.log(`Every fold's training rows also hold ${extra.length} registry-derived examples (${extra.filter((e) => e.attack).length} attacks), never scored.`);
console.log(`Targets for rules + model: no-fire ≤ ${pct(targets.noFire)}, shop ≤ ${pct(targets.shop)}.`);
console.log('');

/** Out-of-fold attack probabilities of every record for one setting. */
function outOfFold(settings: ModelSettings): { probability: Float64Array; ms: number } {
  const probability = new Float64Array(records.length);
  let ms = 0;
  for (let k = 0; k < folds; k++) {
    const trainRows = records.flatMap((_, i) => (fold[i] !== k ? [i] : []));
    const { model, figures } = trainPayloadModel(
      [...trainRows.map((i) => examples[i] as (typeof examples)[number]), ...extra],
      [...trainRows.map((i) => texts[i] as FieldTexts), ...extraTexts],
      settings,
      { classes: false },
    );
    ms += figures.ms;
    records.forEach((_, i) => {
      if (fold[i] !== k) return;
      probability[i] = model.requestProbability(texts[i] as FieldTexts);
    });
  }
  return { probability, ms: ms / folds };
}

/** The lowest threshold meeting the targets, and what rules + model and the model alone reach with it. */
function chooseThreshold(probability: Float64Array) {
  const candidates = [...new Set(Array.from(probability))].sort((a, b) => a - b);
  for (const t of candidates) {
    const hit = (i: number) => ruleHit(i) || (probability[i] as number) >= t;
    if (rate(noFire, hit) <= targets.noFire && rate(shop, hit) <= targets.shop) {
      const modelHit = (i: number) => (probability[i] as number) >= t;
      return { t, combined: rate(attacks, hit), model: rate(attacks, modelHit), noFire: rate(noFire, hit), shop: rate(shop, hit), modelNoFire: rate(noFire, modelHit), modelShop: rate(shop, modelHit) };
    }
  }
  return undefined;
}

// --quick reruns the configured defaults only.
const modelDefaults = { ...payloadModelConfig.parse({ examples_file: 'unused' }), threshold: DEFAULT_THRESHOLD };

/** Out of fold, with the default settings: the class each namer gives every attack, and whether the model fired. */
function classNaming(namers: readonly ClassNamer[]): void {
  const named = attacks.filter((i) => examples[i]?.class !== undefined);
  const given = new Map(namers.map((namer) => [namer, new Map<number, string>()]));
  const fired = new Set<number>();
  for (let k = 0; k < folds; k++) {
    const trainRows = records.flatMap((_, i) => (fold[i] !== k ? [i] : []));
    for (const namer of namers) {
      const { model } = trainPayloadModel(
        [...trainRows.map((i) => examples[i] as (typeof examples)[number]), ...extra],
        [...trainRows.map((i) => texts[i] as FieldTexts), ...extraTexts],
        modelDefaults,
        { namer },
      );
      for (const i of named) {
        if (fold[i] !== k) continue;
        const fieldTexts = texts[i] as FieldTexts;
        given.get(namer)?.set(i, model.explain(fieldTexts).class);
        if (model.requestProbability(fieldTexts) >= modelDefaults.threshold) fired.add(i);
      }
    }
  }
  const classNames = [...new Set(named.map((i) => examples[i]?.class as string))].sort();
  const right = (namer: ClassNamer, set: readonly number[]) => set.filter((i) => given.get(namer)?.get(i) === examples[i]?.class).length;
  const share = (namer: ClassNamer, set: readonly number[]) => `${pct(right(namer, set) / Math.max(1, set.length))} (${right(namer, set)}/${set.length})`;
  const detected = named.filter((i) => fired.has(i));
  console.log(`Class named right, out of fold (n-grams ${modelDefaults.ngram_min}–${modelDefaults.ngram_max}, c ${modelDefaults.c}, threshold ${modelDefaults.threshold}):`);
  console.log('');
  console.log(`| namer | all held-out attacks | those the model detects | mean over ${classNames.length} classes |`);
  console.log('|---|---:|---:|---:|');
  for (const namer of namers) {
    const perClass = classNames.map((c) => {
      const inClass = named.filter((i) => examples[i]?.class === c);
      return right(namer, inClass) / inClass.length;
    });
    console.log(`| ${namer} | ${share(namer, named)} | ${share(namer, detected)} | ${pct(perClass.reduce((a, b) => a + b, 0) / perClass.length)} |`);
  }
  console.log('');
  console.log(`| class | attacks | ${namers.join(' | ')} |`);
  console.log(`|---|---:|${namers.map(() => '---:').join('|')}|`);
  for (const c of classNames) {
    const inClass = named.filter((i) => examples[i]?.class === c);
    console.log(`| ${c} | ${inClass.length} | ${namers.map((namer) => share(namer, inClass)).join(' | ')} |`);
  }
}

if (values.classes) {
  classNaming(['naive_bayes', 'complement_naive_bayes']);
  process.exit(0);
}
const ranges: ReadonlyArray<[number, number]> = values.quick ? [[modelDefaults.ngram_min, modelDefaults.ngram_max]] : [[1, 3], [2, 4], [2, 5], [3, 5]];
const cs = values.c !== undefined ? values.c.split(',').map(Number) : values.quick ? [modelDefaults.c] : [0.3, 1, 3, 10];
console.log('| n-grams | c | threshold | train ms (per fold) | rules + model: attacks | no-fire | shop | model alone: attacks | no-fire | shop |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
let best: { settings: ModelSettings; combined: number; t: number } | undefined;
for (const [min, max] of ranges) {
  for (const c of cs) {
    const settings: ModelSettings = { ngram_min: min, ngram_max: max, hash_bits: Number(values.bits), c, threshold: 0.5 };
    const { probability, ms } = outOfFold(settings);
    const chosen = chooseThreshold(probability);
    if (values.curve) {
      for (const q of [0.9, 0.95, 0.98, 0.99, 0.995]) {
        const benignP = [...noFire, ...shop].map((i) => probability[i] as number).sort((a, b) => a - b);
        const t = benignP[Math.floor(q * benignP.length)] as number;
        const m = (i: number) => (probability[i] as number) >= t;
        const both = (i: number) => m(i) || ruleHit(i);
        console.log(`  t ${t.toFixed(3)}: model ${pct(rate(attacks, m))} attacks, ${pct(rate(noFire, m))} no-fire, ${pct(rate(shop, m))} shop; with rules ${pct(rate(attacks, both))}, ${pct(rate(noFire, both))}, ${pct(rate(shop, both))}`);
      }
    }
    if (chosen === undefined) {
      console.log(`| ${min}–${max} | ${c} | none meets the targets | ${ms.toFixed(0)} | | | | | | |`);
      continue;
    }
    console.log(`| ${min}–${max} | ${c} | ${chosen.t.toFixed(3)} | ${ms.toFixed(0)} | ${pct(chosen.combined)} | ${pct(chosen.noFire)} | ${pct(chosen.shop)} | ${pct(chosen.model)} | ${pct(chosen.modelNoFire)} | ${pct(chosen.modelShop)} |`);
    if (best === undefined || chosen.combined > best.combined) best = { settings, combined: chosen.combined, t: chosen.t };
  }
}
console.log('');
if (best) console.log(`Chosen: ngram_min ${best.settings.ngram_min}, ngram_max ${best.settings.ngram_max}, c ${best.settings.c}, threshold ${best.t.toFixed(3)} (rules + model detect ${pct(best.combined)} of train attacks out of fold).`);
