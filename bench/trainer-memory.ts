/**
 * What a forest's training worker costs between refits: resident memory of a process that fits the agent's
 * two forests (an anomaly processor's default window, 10,000 rows of 8 features, and http_threat's behaviour
 * window, 50,000 rows of 6) round after round, with the worker kept alive (as before) and stopped once idle
 * (ForestTrainer's default, with a shorter idle time here). Each mode runs in a process of its own, modes
 * alternating; RSS is read after each round, once the workers had time to stop and the main thread collected.
 * Usage: npm run bench:trainer-memory [-- --rounds 6 --runs 3]
 */
import { execFile } from 'node:child_process';
import { parseArgs, promisify } from 'node:util';
import { ForestTrainer } from '../processors/anomaly/forest/trainer.js';
import { percentile } from './percentile.js';

const { values: options } = parseArgs({
  options: {
    rounds: { type: 'string', default: '6' },
    runs: { type: 'string', default: '3' },
    child: { type: 'string' },
  },
});
const ROUNDS = Number(options.rounds);
const IDLE_STOP_MS = 1000;
const FORESTS = [
  { name: 'anomaly', rows: 10_000, features: 8 },
  { name: 'behaviour', rows: 50_000, features: 6 },
] as const;

interface ChildReport {
  mode: string;
  rssMiB: number[];
  fitMs: number[];
  cpuSeconds: number;
}

const median = (values: readonly number[]) => percentile([...values].sort((a, b) => a - b), 50);
const mib = () => process.memoryUsage().rss / 2 ** 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function child(mode: 'kept' | 'stopped'): Promise<void> {
  const keepAlive = setInterval(() => undefined, 1000);
  const trainers = FORESTS.map(() => new ForestTrainer(mode === 'kept' ? 2 ** 31 - 1 : IDLE_STOP_MS));
  const report: ChildReport = { mode, rssMiB: [], fitMs: [], cpuSeconds: 0 };
  let seed = 1;
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, forest] of FORESTS.entries()) {
      const data = new Float64Array(forest.rows * forest.features);
      for (let j = 0; j < data.length; j++) data[j] = Math.random();
      const started = performance.now();
      await (trainers[i] as ForestTrainer).train(data, forest.rows, forest.features, { trees: 100, sampleSize: 256, seed: seed++ });
      report.fitMs.push(performance.now() - started);
    }
    await sleep(IDLE_STOP_MS * 2);
    globalThis.gc?.();
    report.rssMiB.push(mib());
  }
  const usage = process.cpuUsage();
  report.cpuSeconds = (usage.user + usage.system) / 1e6;
  await Promise.all(trainers.map((t) => t.close()));
  clearInterval(keepAlive);
  process.stdout.write(JSON.stringify(report));
}

async function main(): Promise<void> {
  const run = promisify(execFile);
  const reports: ChildReport[] = [];
  for (let r = 0; r < Number(options.runs); r++) {
    for (const mode of r % 2 === 0 ? ['kept', 'stopped'] : ['stopped', 'kept']) {
      const { stdout } = await run(process.execPath, ['--expose-gc', import.meta.filename, '--child', mode, '--rounds', String(ROUNDS)]);
      reports.push(JSON.parse(stdout) as ChildReport);
    }
  }
  const fixed = (v: number, digits = 1) => v.toFixed(digits);
  console.log(`Two forests fitted ${ROUNDS} times (${FORESTS.map((f) => `${f.name}: ${f.rows.toLocaleString('en')} rows × ${f.features}`).join(', ')}; 100 trees, ψ 256), ${options.runs} runs per mode, medians; node ${process.version}\n`);
  console.log('| workers | RSS after each round, MiB | first fit, ms | later fits, ms | process CPU s |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const mode of ['kept', 'stopped']) {
    const mine = reports.filter((r) => r.mode === mode);
    const rss = Array.from({ length: ROUNDS }, (_, i) => median(mine.map((r) => r.rssMiB[i] as number)));
    const first = median(mine.map((r) => r.fitMs[0] as number));
    const later = median(mine.flatMap((r) => r.fitMs.slice(FORESTS.length)));
    const label = mode === 'kept' ? 'kept alive' : `stopped after ${IDLE_STOP_MS / 1000} s idle`;
    console.log(`| ${label} | ${rss.map((v) => fixed(v, 0)).join(', ')} | ${fixed(first, 0)} | ${fixed(later, 0)} | ${fixed(median(mine.map((r) => r.cpuSeconds)), 2)} |`);
  }
}

if (options.child === 'kept' || options.child === 'stopped') await child(options.child);
else await main();
