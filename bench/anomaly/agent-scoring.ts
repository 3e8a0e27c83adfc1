/**
 * The agent's side of the same-trees comparison, in a process of its own like the C and scikit-learn
 * sides (so that peak RSS is the scorer's, not the bench's): reads the exported forest and rows, scores
 * them with the processor's scoreBatch in calls of each batch size, best of REPEATS after a warm-up; then
 * the same with scoreAndExplainBatch (top 3 features), which the processor runs by default (`explain: 3`).
 * Usage: node dist/bench/anomaly/agent-scoring.js FOREST ROWS AGENT_SCORES REPEATS SIZE[,SIZE...]
 */
import { readFileSync } from 'node:fs';
import { scoreAndExplainBatch } from '../../processors/anomaly/forest/explanations.js';
import { scoreBatch } from '../../processors/anomaly/forest/scoring.js';
import { readDoubles, readForestFile } from './forest-file.js';
import type { BatchTiming, ScorerTimings } from './timings.js';

const [forestFile, rowsFile, scoresFile, repeatsArg, sizesArg] = process.argv.slice(2);
if (sizesArg === undefined) throw new Error('usage: agent-scoring FOREST ROWS AGENT_SCORES REPEATS SIZE[,SIZE...]');
const model = await readForestFile(forestFile as string);
const rows = await readDoubles(rowsFile as string);
const expected = await readDoubles(scoresFile as string);
const count = rows.length / model.features;
const out = new Float64Array(count);
const cpuSeconds = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6;

const EXPLAIN_TOP = 3;
type Scorer = (rows: Float64Array, count: number, out: Float64Array) => void;

function timeBatches(score: Scorer): Record<string, BatchTiming> {
  const timings: Record<string, BatchTiming> = {};
  for (const size of (sizesArg as string).split(',').map(Number)) timings[String(size)] = timeBatchSize(score, size);
  return timings;
}

function timeBatchSize(score: Scorer, size: number): BatchTiming {
  // The calls' views are made before the clock starts: the processor passes whole arrays, not views.
  const calls = Array.from({ length: Math.ceil(count / size) }, (_, k) => {
    const at = k * size;
    return { rows: rows.subarray(at * model.features), count: Math.min(size, count - at), out: out.subarray(at) };
  });
  let cpu = Number.POSITIVE_INFINITY;
  let wall = Number.POSITIVE_INFINITY;
  for (let repeat = 0; repeat <= Number(repeatsArg); repeat++) {
    const cpuStart = process.cpuUsage();
    const wallStart = performance.now();
    for (const call of calls) score(call.rows, call.count, call.out);
    const wallSeconds = (performance.now() - wallStart) / 1000;
    const used = cpuSeconds(process.cpuUsage(cpuStart));
    if (repeat > 0) {
      cpu = Math.min(cpu, used);
      wall = Math.min(wall, wallSeconds);
    }
  }
  let maxDiff = 0;
  for (let r = 0; r < count; r++) maxDiff = Math.max(maxDiff, Math.abs((out[r] as number) - (expected[r] as number)));
  return { rows: count, cpu_s: cpu, wall_s: wall, max_diff: maxDiff };
}

const variants = {
  scoreBatch: timeBatches((rows, n, out) => scoreBatch(model, rows, n, out)),
  scoreAndExplainBatch: timeBatches((rows, n, out) => void scoreAndExplainBatch(model, rows, n, out, EXPLAIN_TOP)),
};
// VmHWM: this process's own peak (resourceUsage().maxRSS keeps the spawning process's peak across exec).
const peak = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
const result: ScorerTimings = { engine: `sidecar-ai (node ${process.version})`, rows: count, variants, peak_rss_kib: peak };
process.stdout.write(`${JSON.stringify(result)}\n`);
