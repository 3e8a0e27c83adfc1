/**
 * `npm run bench:threat-model-training -- [--examples FILE …] [--rounds 3]`: how long the payload model takes
 * to train at start-up on the given examples files (default: the threat corpus's train part, plus the
 * registry-derived extra examples when `npm run corpus:threat-extra` has built them), with dual coordinate
 * descent (the default solver) and the truncated-Newton solver, alternating in one process so both share the
 * machine's load. It also prints how closely the two agree: the share of train rows on which both say attack
 * (or both benign) at the configured threshold, and the largest probability difference.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { httpThreatConfig } from '../processors/http_threat/config.js';
import { DEFAULT_THRESHOLD, payloadModelConfig } from '../processors/http_threat/model/config.js';
import { readExamples } from '../processors/http_threat/model/examples.js';
import { modelText } from '../processors/http_threat/model/load.js';
import { exampleTexts, trainPayloadModel, type PayloadModel, type Solver } from '../processors/http_threat/model/payload-model.js';
import { EXTRA_FILE } from '../scripts/threat-corpus/extra/paths.js';
import { ensureCorpus } from '../scripts/threat-corpus/build.js';

const { values } = parseArgs({ options: { examples: { type: 'string', multiple: true }, rounds: { type: 'string', default: '3' } } });
const log = (line: string) => process.stderr.write(`${line}\n`);
const files = values.examples ?? [(await ensureCorpus(undefined, log)).train, ...(existsSync(EXTRA_FILE) ? [EXTRA_FILE] : [])];
const examples = (await Promise.all(files.map((file) => readExamples(path.resolve(file), process.cwd())))).flatMap((r) => r.examples);
const defaults = httpThreatConfig.parse({});
const settings = { ...payloadModelConfig.parse({ examples_file: 'unused' }), threshold: DEFAULT_THRESHOLD };
const textOf = modelText(defaults);

const solvers: Solver[] = ['dual', 'newton'];
const times: Record<Solver, number[]> = { dual: [], newton: [] };
const models: Partial<Record<Solver, PayloadModel>> = {};
for (let round = 0; round < Number(values.rounds); round++) {
  for (const solver of solvers) {
    // Normalising the texts is part of what a start-up pays, so it is inside the timing.
    const started = performance.now();
    const texts = examples.map((e) => exampleTexts(e, textOf));
    const { model } = trainPayloadModel(examples, texts, settings, { solver });
    times[solver].push(performance.now() - started);
    models[solver] = model;
  }
}
const attacks = examples.filter((e) => e.attack).length;
console.log(`Payload model training on ${files.join(' + ')}: ${attacks} attack and ${examples.length - attacks} benign rows, n-grams ${settings.ngram_min}–${settings.ngram_max}, 2^${settings.hash_bits} slots, c ${settings.c}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}.`);
console.log('');
console.log('| solver | training ms per round (normalise + features + attack and class models) |');
console.log('|---|---|');
for (const solver of solvers) console.log(`| ${solver === 'dual' ? 'dual coordinate descent' : 'truncated Newton (before)'} | ${times[solver].map((t) => t.toFixed(0)).join(', ')} |`);
const [dual, newton] = [models.dual as PayloadModel, models.newton as PayloadModel];
const texts = examples.map((e) => exampleTexts(e, textOf));
let same = 0;
let largest = 0;
for (const t of texts) {
  const [p, q] = [dual.requestProbability(t), newton.requestProbability(t)];
  if (p >= settings.threshold === q >= settings.threshold) same++;
  largest = Math.max(largest, Math.abs(p - q));
}
console.log('');
console.log(`The two agree at threshold ${settings.threshold} on ${same} of ${texts.length} training rows; largest probability difference ${largest.toFixed(3)}.`);
