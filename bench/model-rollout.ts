/**
 * What a model roll-out costs, end to end (file → parse_json → model processor → file, `run --once`):
 *   - anomaly (online forest, warm-up 2000, refit every 5000) alone, with a shadow online forest, and with a
 *     canary online forest on a tenth of the cards; an ONNX forest alone and with an ONNX canary;
 *   - ticket_tagger (MiniLM) alone, and with a shadow copy of the same weights (a second model worker).
 * Each variant runs TURNS times, the variants alternating (this machine's speed drifts over seconds); the
 * figure is the best run's events/s from "agent started" to "agent stopped". With `--baseline CLI` (another
 * build's dist/agent/cli.js) the variants without a candidate also run on that build, alternating, to show
 * the cost of versions and roll-out bookkeeping when no candidate is configured.
 * `--only TEXT` runs the variants whose name contains TEXT.
 * Usage: npm run build && node dist/bench/model-rollout.js [--rows 20000] [--tickets 300] [--turns 3] [--baseline CLI] [--only TEXT]
 */
import { spawn } from 'node:child_process';
import { mkdir, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateTransactions } from '../scripts/transactions/generator.js';
import { PAYMENT_FEATURES_YAML } from '../scripts/transactions/payment-features.js';
import { loadLabels, loadTickets, ticketLogLine } from './ticket-eval/fixtures.js';
import { agentExecutable } from '../scripts/agent-executable.js';

const { values: options } = parseArgs({
  options: {
    rows: { type: 'string', default: '20000' },
    tickets: { type: 'string', default: '300' },
    turns: { type: 'string', default: '3' },
    baseline: { type: 'string' },
    only: { type: 'string' },
  },
});
const ROWS = Number(options.rows);
const TICKETS = Number(options.tickets);
const TURNS = Number(options.turns);
const root = path.resolve(import.meta.dirname, '../..');
const cli = agentExecutable(root);
const fixtures = path.join(root, 'test', 'fixtures', 'anomaly');
const miniLm = path.join(root, 'models', 'all-minilm-l6-v2');
const work = path.join(root, '.cache', 'bench', 'model-rollout');
await rm(work, { recursive: true, force: true });
await mkdir(work, { recursive: true });

// The same weights in another folder with one more file: another content hash, the same results.
const candidateFolder = path.join(work, 'minilm-candidate');
await mkdir(candidateFolder);
for (const entry of await readdir(miniLm)) await symlink(path.join(miniLm, entry), path.join(candidateFolder, entry));
await writeFile(path.join(candidateFolder, 'NOTES.md'), 'The same weights, packaged again.\n');

const { transactions } = generateTransactions(ROWS, { seed: 21 });
await writeFile(path.join(work, 'payments.log'), transactions.map((t) => `${JSON.stringify(t)}\n`).join(''));
const all = loadTickets();
await writeFile(path.join(work, 'tickets.log'), Array.from({ length: TICKETS }, (_, i) => ticketLogLine(all[i % all.length] as (typeof all)[number], { customer: { id: `c${i % 40}` } })).join(''));

const features = PAYMENT_FEATURES_YAML.map((f) => `      - ${JSON.stringify(f)}`).join('\n');
const anomaly = (model: string, rollout = '') => `  - type: anomaly\n    features:\n${features}\n    warmup: 2000\n    refit_every: 5000\n    model: ${model}\n${rollout}`;
const labels = loadLabels(2)
  .map((l) => `      - ${JSON.stringify({ name: l.name, description: l.description, examples: l.examples })}`)
  .join('\n');
const tagger = (rollout = '') => `  - type: ticket_tagger\n    field: [ticket.subject, message]\n    model: { path: ${JSON.stringify(miniLm)} }\n    labels:\n${labels}\n${rollout}`;
const online = '{ format: online }';
const onnx = (file: string) => `{ format: onnx, path: ${JSON.stringify(path.join(fixtures, file))} }`;

interface Variant {
  readonly name: string;
  readonly log: string;
  readonly events: number;
  readonly processor: string;
  /** Runs on the baseline build too (no roll-out settings). */
  readonly plain: boolean;
}

const allVariants: Variant[] = [
  { name: 'anomaly, online forest', log: 'payments.log', events: ROWS, processor: anomaly(online), plain: true },
  { name: 'anomaly, online forest + shadow online forest', log: 'payments.log', events: ROWS, processor: anomaly(online, '    shadow: { model: { format: online, seed: 7 } }\n'), plain: false },
  {
    name: 'anomaly, online forest + canary online forest (share 0.1)',
    log: 'payments.log',
    events: ROWS,
    processor: anomaly(online, '    canary: { model: { format: online, seed: 7 }, share: 0.1, key: transaction.card.id }\n    guard: { enabled: false }\n'),
    plain: false,
  },
  { name: 'anomaly, ONNX forest', log: 'payments.log', events: ROWS, processor: anomaly(onnx('sklearn-iforest.onnx')), plain: true },
  {
    name: 'anomaly, ONNX forest + ONNX canary (share 0.1)',
    log: 'payments.log',
    events: ROWS,
    processor: anomaly(onnx('sklearn-iforest.onnx'), `    canary: { model: ${onnx('flag-everything.onnx')}, share: 0.1, key: transaction.card.id }\n    guard: { enabled: false }\n`),
    plain: false,
  },
  { name: 'ticket_tagger, MiniLM', log: 'tickets.log', events: TICKETS, processor: tagger(), plain: true },
  { name: 'ticket_tagger, MiniLM + shadow MiniLM copy', log: 'tickets.log', events: TICKETS, processor: tagger(`    shadow: { model: { path: ${JSON.stringify(candidateFolder)} } }\n`), plain: false },
];

const variants = allVariants.filter((v) => options.only === undefined || v.name.includes(options.only));

async function run(agent: string, variant: Variant, turn: number): Promise<number> {
  const dir = path.join(work, `run-${turn}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const config = `state_dir: ${dir}/state\nlog: { level: info }\ninputs:\n  - type: file\n    include: ["${path.join(work, variant.log)}"]\nprocessors:\n  - type: parse_json\n${variant.processor}outputs:\n  - type: file\n    path: ${dir}/out.ndjson\n    fsync: false\n`;
  await writeFile(path.join(dir, 'c.yaml'), config);
  const child = spawn(process.execPath, [agent, 'run', '--once', '-c', path.join(dir, 'c.yaml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let logs = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (logs += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`${variant.name}: the agent exited with ${code}\n${logs.slice(-2000)}`);
  const time = (msg: string) => (JSON.parse(logs.split('\n').find((l) => l.includes(`"msg":"${msg}"`)) ?? '{"time":0}') as { time: number }).time;
  return variant.events / ((time('agent stopped') - time('agent started')) / 1000);
}

const best = new Map<string, number>();
const record = (key: string, rate: number) => best.set(key, Math.max(best.get(key) ?? 0, rate));
for (let turn = 0; turn < TURNS; turn++) {
  for (const variant of variants) {
    record(variant.name, await run(cli, variant, turn));
    if (options.baseline !== undefined && variant.plain) record(`${variant.name} [baseline]`, await run(options.baseline, variant, turn));
  }
}

const out = (line: string) => process.stdout.write(`${line}\n`);
out(`model roll-out cost, parse_json + one model processor, file → file (run --once), best of ${TURNS} turns, ${os.cpus().length} cores, node ${process.version}`);
for (const variant of variants) {
  const rate = best.get(variant.name) as number;
  const baseline = best.get(`${variant.name} [baseline]`);
  const plain = allVariants.find((v) => v.log === variant.log && v.plain && variant.name.startsWith(v.name));
  const plainRate = plain === undefined ? undefined : best.get(plain.name);
  const relative = !variant.plain && plainRate !== undefined ? `, ${(rate / plainRate).toFixed(2)}x of "${plain?.name}"` : '';
  const versus = baseline === undefined ? '' : `; baseline build ${Math.round(baseline).toLocaleString('en')} events/s (${(rate / baseline).toFixed(2)}x)`;
  out(`${variant.name}: ${variant.events.toLocaleString('en')} events, ${Math.round(rate).toLocaleString('en')} events/s${relative}${versus}`);
}
