/**
 * The agent's forest scored three ways on the very same trees and rows, each in a process of its own, at
 * each batch size: the processor's scoreBatch (Node), the C reference (forest-walk.c at -O2: the plain
 * node walk, and the agent's complete-tree loop compiled natively) and scikit-learn's score_samples with
 * the agent's trees put into its IsolationForest (scripts/python/same_trees.py). The three take turns
 * (TURNS, order rotated); each figure is the median over turns of each turn's best repetition. Every
 * scorer's scores are checked against the agent's in-process scores (within TOLERANCE) before any figure
 * is printed.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ForestModel } from '../../processors/anomaly/forest/forest-model.js';
import { scoreBatch } from '../../processors/anomaly/forest/scoring.js';
import { runPython } from '../../scripts/python/env.js';
import { compileWalk, runWalk } from './c-walk.js';
import { writeDoubles, writeForestFile } from './forest-file.js';
import { writeLayoutFile } from './layout-file.js';
import { ScorerTimings } from './timings.js';

const run = promisify(execFile);
const TOLERANCE = 1e-6;
const TURNS = 3;
/** Repetitions per turn and batch size (best taken): scikit-learn's calls cost milliseconds each. */
const REPEATS = 15;
const SKLEARN_REPEATS = 5;
/** scikit-learn scores at most this many calls per batch size (one row per call over 10,000 rows: a minute). */
const SKLEARN_MAX_CALLS = 200;

interface Options {
  root: string;
  work: string;
  model: ForestModel;
  /** Rows, `model.features` values each; rounded to float32 here (scikit-learn compares in float32). */
  rows: Float64Array;
  sizes: number[];
}

interface Figure {
  rows: number;
  /** Median over turns, per row. */
  cpuPerRow: number;
  wallPerRow: number;
  peakRssKib: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** Runs the comparison; returns the lines to print (a Markdown table and the ratios). */
export async function compareOnSameTrees(options: Options): Promise<string[]> {
  const { root, work, model, sizes } = options;
  const rows = Float64Array.from(options.rows, Math.fround);
  const count = rows.length / model.features;
  const reference = new Float64Array(count);
  scoreBatch(model, rows, count, reference);
  const files = { forest: path.join(work, 'forest.bin'), layout: path.join(work, 'layout.bin'), rows: path.join(work, 'rows.bin'), scores: path.join(work, 'agent-scores.bin') };
  await writeForestFile(model, files.forest);
  await writeLayoutFile(model, files.layout);
  await writeDoubles(rows, files.rows);
  await writeDoubles(reference, files.scores);
  const walk = await compileWalk(root);
  const shared = [files.forest, files.rows, files.scores];
  const sizeList = sizes.join(',');
  const scorers: Record<string, () => Promise<ScorerTimings>> = {
    agent: async () => {
      const script = path.join(root, 'dist', 'bench', 'anomaly', 'agent-scoring.js');
      const { stdout } = await run(process.execPath, [script, ...shared, String(REPEATS), sizeList], { maxBuffer: 16 * 1024 * 1024 });
      return ScorerTimings.parse(JSON.parse(stdout));
    },
    c: () => runWalk(walk, [files.forest, files.layout, files.rows, files.scores, String(REPEATS), sizeList]),
    sklearn: async () => ScorerTimings.parse(JSON.parse(await runPython('same_trees.py', [...shared, String(SKLEARN_REPEATS), String(SKLEARN_MAX_CALLS), sizeList]))),
  };
  const turns: ScorerTimings[][] = [];
  const names = Object.keys(scorers);
  for (let turn = 0; turn < TURNS; turn++) {
    const results: ScorerTimings[] = [];
    for (let k = 0; k < names.length; k++) results.push(await (scorers[names[(turn + k) % names.length] as string] as () => Promise<ScorerTimings>)());
    turns.push(results);
  }
  // Every scorer × variant × batch size: its timings over the turns, after checking its scores.
  const figures = new Map<string, Map<number, Figure>>();
  let engines = new Map<string, string>();
  for (const results of turns) {
    for (const result of results) {
      for (const [variant, bySize] of Object.entries(result.variants)) {
        const key = `${result.engine.split(' ')[0]}:${variant}`;
        engines.set(key, result.engine);
        for (const [size, timing] of Object.entries(bySize)) {
          if (!(timing.max_diff <= TOLERANCE)) throw new Error(`${result.engine} ${variant}, batches of ${size}: scores differ from the agent's by up to ${timing.max_diff}`);
        }
      }
    }
  }
  engines = new Map([...engines].sort());
  for (const key of engines.keys()) {
    const [engine, variant] = key.split(':') as [string, string];
    const bySize = new Map<number, Figure>();
    for (const size of sizes) {
      const timings = turns.flatMap((results) => results.filter((r) => r.engine.split(' ')[0] === engine).map((r) => ({ timing: r.variants[variant]?.[String(size)], rss: r.peak_rss_kib })));
      const present = timings.filter((t) => t.timing !== undefined) as { timing: NonNullable<(typeof timings)[number]['timing']>; rss: number }[];
      bySize.set(size, {
        rows: present[0]?.timing.rows ?? 0,
        cpuPerRow: median(present.map((t) => t.timing.cpu_s / t.timing.rows)),
        wallPerRow: median(present.map((t) => t.timing.wall_s / t.timing.rows)),
        peakRssKib: Math.max(...present.map((t) => t.rss)),
      });
    }
    figures.set(key, bySize);
  }
  return report(figures, engines, model, sizes, walk.compiler);
}

const LABELS: Record<string, string> = {
  'sidecar-ai:scoreBatch': 'sidecar-ai scoreBatch (WebAssembly kernel)',
  'sidecar-ai:scoreAndExplainBatch': 'sidecar-ai scoreAndExplainBatch, top 3 (the processor\'s default)',
  'c:walk': 'C node walk of the exported arrays',
  'c:layout': "C, the agent's complete-tree loop",
  'scikit-learn:score_samples': 'scikit-learn score_samples (same trees)',
};

function report(figures: Map<string, Map<number, Figure>>, engines: Map<string, string>, model: ForestModel, sizes: number[], compiler: string): string[] {
  const trees = model.roots.length;
  const lines = [
    `same trees (${trees} trees, ψ = ${model.sampleSize}, ${model.features} features), same float32-valued rows, each scorer in its own process; median of ${TURNS} turns (order rotated) of the best of ${REPEATS} repetitions (scikit-learn ${SKLEARN_REPEATS}); CPU = process user + sys; C: ${compiler}; ${[...new Set(engines.values())].filter((e) => !e.startsWith('c')).join(', ')}`,
    '',
    '| batch | scorer | rows per repetition | CPU s per million rows | ns per row and tree (CPU) | rows/s (wall) | peak RSS MiB |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const size of sizes) {
    for (const [key, bySize] of figures) {
      const f = bySize.get(size) as Figure;
      lines.push(`| ${size} | ${LABELS[key] ?? key} | ${f.rows.toLocaleString('en')} | ${(f.cpuPerRow * 1e6).toFixed(2)} | ${((f.cpuPerRow * 1e9) / trees).toFixed(1)} | ${Math.round(1 / f.wallPerRow).toLocaleString('en')} | ${(f.peakRssKib / 1024).toFixed(0)} |`);
    }
  }
  const cpu = (key: string, size: number) => figures.get(key)?.get(size)?.cpuPerRow ?? Number.NaN;
  const agent = 'sidecar-ai:scoreBatch';
  lines.push('', 'CPU per row, agent against each (above 1: the agent is faster; the goals: ≥ 10 against scikit-learn, ≥ 0.67 against C):');
  for (const size of sizes) {
    const vs = (key: string) => (cpu(key, size) / cpu(agent, size)).toFixed(2);
    lines.push(`- batches of ${size}: ${vs('scikit-learn:score_samples')}x scikit-learn, ${vs('c:walk')}x the C node walk, ${vs('c:layout')}x the C complete-tree loop`);
  }
  return lines;
}
