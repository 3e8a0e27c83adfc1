/**
 * The linear head and the prototypes side by side over many random draws of examples (draws.ts), through
 * the tagger's own code (embeddingScorer and ticketTagging, as the processor builds them) with every text
 * embedded once in this process by the agent's embedder: the same vectors the model worker gives, without
 * running the model again for each draw.
 *
 * Splits: examples drawn from the written examples or from the dev half (even-numbered tickets); rules
 * chosen on the dev half (minus the tickets drawn as examples); figures reported on the test half
 * (odd-numbered tickets), never drawn, never used to choose anything.
 */
import { loadEmbedder } from '../../models/embedder.js';
import { ticketTaggerConfig } from '../../processors/ticket_tagger/config.js';
import { embeddingScorer } from '../../processors/ticket_tagger/embedding-scorer.js';
import { labelTexts } from '../../processors/ticket_tagger/label-texts.js';
import { ticketTagging } from '../../processors/ticket_tagger/ticket-tagger.js';
import type { Draw } from './draws.js';
import type { LabelDefinition } from './fixtures.js';
import { bootstrapInterval, labelScores, macroF1, mean, standardDeviation, type Interval } from './metrics.js';
import { tagsAt, type TagRule } from './quality.js';

export interface Embeddings {
  run(texts: string[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

/** The agent's embedder in this process, each distinct text embedded once. */
export async function cachedEmbeddings(modelDir: string): Promise<Embeddings> {
  const embedder = await loadEmbedder(modelDir);
  const cache = new Map<string, Float32Array>();
  return {
    async run(texts) {
      const missing = [...new Set(texts.filter((t) => !cache.has(t)))];
      const vectors = await embedder.embed(missing);
      missing.forEach((text, i) => cache.set(text, vectors[i] as Float32Array));
      return texts.map((text) => cache.get(text) as Float32Array);
    },
    dispose: () => embedder.dispose(),
  };
}

export interface Tagged {
  /** The tags the tagger wrote, per text. */
  tags: string[][];
  /** Every label's score per text (rounded as the tagger writes them). */
  scores: Record<string, number>[];
  /** Label texts the scorer was built from, and how long building it took (texts already embedded: the fit). */
  labelTexts: number;
  buildMs: number;
}

/** Tags `texts` with a tagger configured with `labels` and `settings` (method, rule, …). */
export async function tagWith(embeddings: Embeddings, labels: readonly LabelDefinition[], settings: Record<string, unknown>, texts: string[]): Promise<Tagged> {
  const config = ticketTaggerConfig.parse({ model: { path: 'in-process' }, labels, ...settings });
  const texted = await embeddings.run(labelTextsOf(labels));
  const started = performance.now();
  const task = ticketTagging(config, await embeddingScorer(embeddings, config, '.'));
  const buildMs = performance.now() - started;
  const results = await task.infer(texts);
  const written = texts.map((text, i) => task.outcome(text, results[i] as number[]));
  return { tags: written.map((t) => t.tags), scores: written.map((t) => t.scores), labelTexts: texted.length, buildMs };
}

/** The texts a tagger learns from, so they can be embedded before its build is timed. */
function labelTextsOf(labels: readonly LabelDefinition[]): string[] {
  return labelTexts(labels, [], { topics: true }).texts;
}

export interface Evaluation {
  readonly names: readonly string[];
  readonly gold: readonly (readonly string[])[];
}

/** Macro-F1 over the tickets at `indexes` (repeats count again: a bootstrap resample). */
export function macroOn({ names, gold }: Evaluation, indexes: readonly number[], predicted: readonly (readonly string[])[]): number {
  return macroF1(
    labelScores(
      names,
      indexes.map((i) => gold[i] as string[]),
      indexes.map((i) => predicted[i] as string[]),
    ),
  );
}

export interface DrawRun {
  readonly draw: Draw;
  readonly tagged: Tagged;
}

/** Draws grouped by where their examples come from and how many: the rows of the tables. */
export function groups<T extends { draw: Draw }>(runs: readonly T[]): T[][] {
  const byKey = new Map<string, T[]>();
  for (const run of runs) {
    const key = `${run.draw.source} ${run.draw.k}`;
    byKey.set(key, [...(byKey.get(key) ?? []), run]);
  }
  return [...byKey.values()];
}

/**
 * The dev-half figure a rule is chosen by: macro-F1 of the rule applied to the stored scores, on the even
 * tickets not drawn as examples, averaged over the draws of each group and then over the groups (each
 * source and k weighs the same).
 */
export function devScore(evaluation: Evaluation, runs: readonly DrawRun[], rule: TagRule): number {
  const dev = (draw: Draw) => evaluation.gold.map((_, i) => i).filter((i) => i % 2 === 0 && !draw.shots.has(i));
  return mean(groups(runs).map((group) => mean(group.map(({ draw, tagged }) => macroOn(evaluation, dev(draw), tagged.scores.map((s) => tagsAt(s, rule)))))));
}

/** The best rule of a grid on the dev half. */
export function bestRule(evaluation: Evaluation, runs: readonly DrawRun[], thresholds: readonly number[], margins: readonly number[], topK: number): { rule: TagRule; dev: number } {
  let best = { rule: { threshold: thresholds[0] ?? 0, margin: margins[0] ?? 2, topK }, dev: -1 };
  for (const threshold of thresholds) {
    for (const margin of margins) {
      const rule = { threshold, margin, topK };
      const dev = devScore(evaluation, runs, rule);
      if (dev > best.dev + 1e-12) best = { rule, dev };
    }
  }
  return best;
}

export interface GroupFigures {
  readonly perDraw: number[];
  readonly mean: number;
  readonly sd: number;
  readonly min: number;
  readonly max: number;
  /** Bootstrap interval of the mean over draws, resampling the test tickets. */
  readonly interval: Interval;
}

export const BOOTSTRAP = { resamples: 1000, seed: 20_251_205 };

/** Macro-F1 on the test half for each draw of a group, its spread over draws, and its bootstrap interval. */
export function testFigures(evaluation: Evaluation, test: readonly number[], predictions: readonly (readonly (readonly string[])[])[]): GroupFigures {
  const perDraw = predictions.map((p) => macroOn(evaluation, test, p));
  const interval = bootstrapInterval(
    test.length,
    (resample) => mean(predictions.map((p) => macroOn(evaluation, resample.map((i) => test[i] as number), p))),
    BOOTSTRAP,
  );
  return { perDraw, mean: mean(perDraw), sd: standardDeviation(perDraw), min: Math.min(...perDraw), max: Math.max(...perDraw), interval };
}

/** Bootstrap interval of the mean difference b − a over draws (the same resamples for both). */
export function differenceInterval(evaluation: Evaluation, test: readonly number[], a: readonly (readonly (readonly string[])[])[], b: readonly (readonly (readonly string[])[])[]): Interval {
  return bootstrapInterval(
    test.length,
    (resample) => {
      const tickets = resample.map((i) => test[i] as number);
      return mean(b.map((p, d) => macroOn(evaluation, tickets, p) - macroOn(evaluation, tickets, a[d] as (readonly string[])[])));
    },
    BOOTSTRAP,
  );
}
