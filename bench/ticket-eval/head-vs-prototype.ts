/**
 * bench:tickets, part 1b: the linear head (the tagger's default) and the prototypes on the same draws of
 * examples: descriptions only; 1, 2, 3 and 5 of the written examples per label; 1, 2, 3, 5 and 8 historical
 * tickets per label from the dev half (8: the most every label allows there; account has 9). Prints how the head's defaults were chosen on the dev half, then macro-F1
 * on the test half for both methods at their defaults: mean ± sd and min–max over the draws, a bootstrap
 * 95 % interval of the mean (1000 resamples of the test tickets), and the paired difference.
 */
import { taggingRule } from '../../processors/ticket_tagger/config.js';
import { ticketDraw, ticketText, writtenDraw, type Draw } from './draws.js';
import type { LabelDefinition, LabelledTicket } from './fixtures.js';
import { mean } from './metrics.js';
import { bestRule, cachedEmbeddings, devScore, differenceInterval, groups, macroOn, tagWith, testFigures, type DrawRun, type Evaluation, type GroupFigures } from './over-draws.js';
import { tagsAt, type TagRule } from './quality.js';

const f3 = (x: number) => x.toFixed(3);
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;
const range = (from: number, to: number, step: number) => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Math.round((from + i * step) * 1000) / 1000);

const HEAD_THRESHOLDS = range(0.2, 0.7, 0.02);
const PROTOTYPE_THRESHOLDS = range(0.05, 0.3, 0.01);
/** 2: no margin rule. */
const MARGINS = [0.1, 0.2, 0.3, 0.4, 0.5, 2];
const C_GRID = [1, 3, 10];
/** Written examples per label (there are 5 of each: one draw of 5). */
const WRITTEN_SHOTS = [1, 2, 3, 5];
/** Tickets per label drawn from the dev half: up to 8, the most every label has there (account: 9). */
const TICKET_SHOTS = [1, 2, 3, 5, 8];

export interface Options {
  /** Draws per group where there is a choice (the 5 written examples are all there are: one draw). */
  draws: number;
  topK: number;
}

export async function headVsPrototype(tickets: LabelledTicket[], labels: LabelDefinition[], modelDir: string, { draws: seeds, topK }: Options, out: (line: string) => void): Promise<void> {
  const evaluation: Evaluation = { names: labels.map((l) => l.name), gold: tickets.map((t) => t.tags) };
  const dev = tickets.map((_, i) => i).filter((i) => i % 2 === 0);
  const test = tickets.map((_, i) => i).filter((i) => i % 2 === 1);
  const seedList = Array.from({ length: seeds }, (_, i) => i + 1);
  const draws: Draw[] = [
    { source: 'descriptions', k: 0, seed: 0, labels: labels.map((l) => ({ ...l, examples: [] })), shots: new Set() },
    ...WRITTEN_SHOTS.flatMap((k) => (k === 5 ? [writtenDraw(labels, 5, 0)] : seedList.map((seed) => writtenDraw(labels, k, 100 * k + seed)))),
    ...TICKET_SHOTS.flatMap((k) => seedList.map((seed) => ticketDraw(labels, tickets, dev, k, 1000 * k + seed))),
  ];
  const withExamples = draws.filter((d) => d.k > 0);
  const texts = tickets.map(ticketText);
  const embeddings = await cachedEmbeddings(modelDir);
  const runAll = async (chosen: Draw[], settings: Record<string, unknown>): Promise<DrawRun[]> => {
    const runs: DrawRun[] = [];
    for (const draw of chosen) runs.push({ draw, tagged: await tagWith(embeddings, draw.labels, { top_k: topK, ...settings }, texts) });
    return runs;
  };
  try {
    const head = await runAll(draws, { method: 'linear' });
    const prototype = await runAll(draws, { method: 'prototype' });
    const headDefaults = taggingRule({ method: 'linear', center: true, labels });

    // How the head's settings were chosen: the dev half only.
    out(`\nlinear head settings on the dev half (even-numbered tickets not drawn as examples; mean over the ${groups(withExamples.map((draw) => ({ draw }))).length} groups of draws with examples, ${seeds} draws per group where there is a choice; top_k ${topK}):\n`);
    out('| scoring | c | centred | best threshold | best margin | dev macro-F1 |\n| --- | --- | --- | --- | --- | --- |');
    const marginName = (m: number) => (m >= 2 ? 'none' : String(m));
    for (const c of C_GRID) {
      const runs = await runAll(withExamples, { method: 'linear', linear: { c } });
      const best = bestRule(evaluation, runs, HEAD_THRESHOLDS, MARGINS, topK);
      out(`| linear head | ${c} | yes | ${best.rule.threshold} | ${marginName(best.rule.margin)} | ${f3(best.dev)} |`);
    }
    const uncentred = bestRule(evaluation, await runAll(withExamples, { method: 'linear', center: false }), HEAD_THRESHOLDS, MARGINS, topK);
    out(`| linear head | default | no | ${uncentred.rule.threshold} | ${marginName(uncentred.rule.margin)} | ${f3(uncentred.dev)} |`);
    const headWithExamples = head.filter((r) => r.draw.k > 0);
    const prototypeWithExamples = prototype.filter((r) => r.draw.k > 0);
    const prototypeBest = bestRule(evaluation, prototypeWithExamples, PROTOTYPE_THRESHOLDS, MARGINS, topK);
    out(`| prototype (centred) | – | yes | ${prototypeBest.rule.threshold} | ${marginName(prototypeBest.rule.margin)} | ${f3(prototypeBest.dev)} |`);
    const prototypeDefaults = taggingRule({ method: 'prototype', center: true, labels });
    out(`| prototype at its defaults | – | yes | ${prototypeDefaults.threshold} | ${prototypeDefaults.margin} | ${f3(devScore(evaluation, prototypeWithExamples, { ...prototypeDefaults, topK }))} |`);
    out('\ndev macro-F1 by group of draws, each method at its defaults (and the prototypes at the rule chosen like the head\'s):\n');
    const devGroups = groups(headWithExamples);
    const groupName = (draw: Draw) => `${draw.k} ${draw.source === 'written' ? 'written' : 'tickets'}`;
    out(`| method | ${devGroups.map((g) => groupName((g[0] as DrawRun).draw)).join(' | ')} |\n| --- |${devGroups.map(() => ' --- |').join('')}`);
    const byGroup = (runs: DrawRun[], rule: TagRule) => groups(runs).map((g) => f3(devScore(evaluation, g, rule)));
    out(`| linear head | ${byGroup(headWithExamples, { ...headDefaults, topK }).join(' | ')} |`);
    out(`| prototype | ${byGroup(prototypeWithExamples, { ...prototypeDefaults, topK }).join(' | ')} |`);
    out(`| prototype, rule chosen like the head's | ${byGroup(prototypeWithExamples, prototypeBest.rule).join(' | ')} |`);
    out(`\nlinear head (the defaults: c from config.ts, margin ${headDefaults.margin}), dev macro-F1 by threshold:\n`);
    const sweep = HEAD_THRESHOLDS.filter((_, i) => i % 2 === 0);
    out(`| threshold | ${sweep.join(' | ')} |\n| --- |${sweep.map(() => ' --- |').join('')}`);
    out(`| dev macro-F1 | ${sweep.map((threshold) => f3(devScore(evaluation, headWithExamples, { threshold, margin: headDefaults.margin, topK }))).join(' | ')} |`);

    // The comparison: the test half, each method at its defaults.
    out(
      `\nmacro-F1 on the test half (80 odd-numbered tickets, never drawn, never used to choose), each method at its defaults (linear head threshold ${headDefaults.threshold}, margin ${headDefaults.margin}; ` +
        `prototype centred ${prototypeDefaults.threshold} / ${prototypeDefaults.margin}, raw for descriptions only), top_k ${topK}; mean ± sd (min–max) over the draws, [bootstrap 95 % interval of the mean, ${1000} resamples of the tickets]:\n`,
    );
    out('| examples per label | draws | prototype | linear head | head − prototype | head better in | prototype, rule chosen like the head\'s |\n| --- | --- | --- | --- | --- | --- | --- |');
    const cell = (f: GroupFigures) => `${f3(f.mean)} ± ${f3(f.sd)} (${f3(f.min)}–${f3(f.max)}) [${f3(f.interval.low)}, ${f3(f.interval.high)}]`;
    const headGroups = groups(head);
    const prototypeGroups = groups(prototype);
    headGroups.forEach((group, g) => {
      const protoGroup = prototypeGroups[g] as DrawRun[];
      const { draw } = group[0] as DrawRun;
      const h = testFigures(evaluation, test, group.map((r) => r.tagged.tags));
      const p = testFigures(evaluation, test, protoGroup.map((r) => r.tagged.tags));
      const difference = differenceInterval(
        evaluation,
        test,
        protoGroup.map((r) => r.tagged.tags),
        group.map((r) => r.tagged.tags),
      );
      const better = h.perDraw.filter((x, d) => x > (p.perDraw[d] as number)).length;
      const retuned = draw.k === 0 ? '–' : cell(testFigures(evaluation, test, protoGroup.map((r) => r.tagged.scores.map((s) => tagsAt(s, prototypeBest.rule))))).replace(/ \[.*$/, '');
      const name = draw.source === 'descriptions' ? 'none (descriptions only)' : `${draw.k} ${draw.source === 'written' ? 'written examples' : 'dev-half tickets'}`;
      out(`| ${name} | ${group.length} | ${cell(p)} | ${cell(h)} | ${signed(h.mean - p.mean)} [${signed(difference.low)}, ${signed(difference.high)}] | ${better} of ${group.length} | ${retuned} |`);
    });
    const fits = head.map((r) => r.tagged);
    const fitMs = fits.map((f) => f.buildMs).sort((a, b) => a - b);
    out(
      `\nfitting the linear head (the label texts already embedded): median ${(fitMs[Math.floor(fitMs.length / 2)] as number).toFixed(0)} ms, longest ${(fitMs[fitMs.length - 1] as number).toFixed(0)} ms, over ${fits.length} draws of ` +
        `${Math.min(...fits.map((f) => f.labelTexts))}–${Math.max(...fits.map((f) => f.labelTexts))} label texts (${labels.length} labels)`,
    );
    for (const source of ['written', 'tickets'] as const) {
      const heads = headWithExamples.filter((r) => r.draw.source === source);
      const prototypes = prototypeWithExamples.filter((r) => r.draw.source === source);
      const interval = differenceInterval(
        evaluation,
        test,
        prototypes.map((r) => r.tagged.tags),
        heads.map((r) => r.tagged.tags),
      );
      const gain = mean(heads.map((r, d) => macroOn(evaluation, test, r.tagged.tags) - macroOn(evaluation, test, (prototypes[d] as DrawRun).tagged.tags)));
      out(`all ${heads.length} draws of ${source === 'written' ? 'written examples' : 'dev-half tickets'}: head − prototype ${signed(gain)} [${signed(interval.low)}, ${signed(interval.high)}]`);
    }
  } finally {
    await embeddings.dispose();
  }
}

