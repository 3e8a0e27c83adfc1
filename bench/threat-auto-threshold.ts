/**
 * `npm run bench:threat-auto-threshold -- [--shares 0.001,0.0005]`: the payload model's `threshold: auto` on
 * the threat corpus's training file (train part + registry examples, `npm run corpus:threat-extra`): the
 * threshold it chooses for each max_benign_share, how many held-out benign examples reach it, and the
 * training time at start (the folds and the final model) beside the final model alone.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { httpThreatConfig } from '../processors/http_threat/config.js';
import { loadPayloadModel } from '../processors/http_threat/model/load.js';
import { TRAIN_WITH_EXTRA_FILE } from '../scripts/threat-corpus/extra/paths.js';

const { values } = parseArgs({ options: { shares: { type: 'string', default: '0.001,0.0005' } } });
if (!existsSync(TRAIN_WITH_EXTRA_FILE)) throw new Error(`${TRAIN_WITH_EXTRA_FILE} is missing: run npm run corpus:threat-extra first`);

console.log(`Node.js ${process.versions.node}, ${TRAIN_WITH_EXTRA_FILE}`);
console.log('');
console.log('| max_benign_share | threshold | held-out benign examples at or over it | start-up training ms (auto + final model) |');
console.log('| --- | --- | --- | --- |');
const timed = async (model: Record<string, unknown>) => {
  const config = httpThreatConfig.parse({ model: { examples_file: TRAIN_WITH_EXTRA_FILE, ...model } });
  const lines: Record<string, unknown>[] = [];
  const started = performance.now();
  const trained = await loadPayloadModel({ ...config, model: config.model as NonNullable<typeof config.model> }, '.', { info: (fields) => void lines.push(fields) });
  return { threshold: trained.threshold, ms: performance.now() - started, lines };
};
for (const share of values.shares.split(',').map(Number)) {
  const { threshold, ms, lines } = await timed({ threshold: 'auto', max_benign_share: share });
  const auto = lines[0] as { benign_flagged: number; benign: number };
  console.log(`| ${share} | ${threshold.toFixed(3)} | ${auto.benign_flagged} of ${auto.benign} | ${ms.toFixed(0)} |`);
}
const fixed = await timed({});
console.log('');
console.log(`The default threshold (${fixed.threshold}), final model only: ${fixed.ms.toFixed(0)} ms.`);
